using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Hamdel.Server.Bench;

/// <summary>
/// Survey answers per second (1) through the public response endpoint, each answer committed
/// before its 201, with 16 clients at once, and (2) through the CSV import (one file, one
/// transaction); each beside a raw bulk load of exactly the rows that path wrote, into a fresh
/// database of the same kind and schema.
/// </summary>
internal static class SurveyBenchmark
{
    private const int Clients = 16;
    private static readonly string[] Comments = ["قهوه عالی بود، ممنون", "وصل الطلب متأخرًا قليلًا", "Great beans, slow delivery", "بسته‌بندی آسیب دیده بود", "خدمة ممتازة", ""];

    public static async Task RunAsync(string provider, int answers)
    {
        var imports = answers * 5;
        await using var api = await BenchDatabase.CreateAsync(provider);
        TimeSpan publicElapsed, importElapsed;
        await using (var server = await BenchServer.StartAsync(api))
        {
            var touchpoint = await ReadAsync(await server.Client.PostAsJsonAsync($"/api/v1/workspaces/{server.WorkspaceId}/touchpoints", new { key = "support.resolved", name = "Support" }));
            var survey = await ReadAsync(await server.Client.PostAsJsonAsync($"/api/v1/workspaces/{server.WorkspaceId}/surveys", new
            {
                name = "NPS",
                touchpointId = touchpoint.GetProperty("id").GetGuid(),
                publicLinkEnabled = true,
                definition = new { type = "Nps", question = new { en = "How likely are you to recommend us?", fa = "چقدر احتمال دارد ما را پیشنهاد کنید؟" } },
            }));
            var publicKey = survey.GetProperty("publicKey").GetString();
            using var anonymous = new HttpClient { BaseAddress = server.Client.BaseAddress };
            var random = new Random(7);
            object Answer(int i) => new { publicKey, score = (i % 11).ToString(CultureInfo.InvariantCulture), comment = Comments[i % Comments.Length], language = i % 2 == 0 ? "fa" : "ar" };
            for (var i = 0; i < 200; i++)
            {
                (await anonymous.PostAsJsonAsync("/api/v1/public/surveys/answers", Answer(i))).EnsureSuccessStatusCode();
            }
            var next = 200;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) <= answers + 200)
                {
                    var response = await anonymous.PostAsJsonAsync("/api/v1/public/surveys/answers", Answer(i));
                    if (response.StatusCode != System.Net.HttpStatusCode.Created)
                    {
                        throw new InvalidOperationException($"answer {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }
                }
            }));
            publicElapsed = clock.Elapsed;

            var csv = new StringBuilder("date,email,score,comment\n");
            var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
            for (var i = 0; i < imports; i++)
            {
                // A customer answers about four times a year.
                csv.Append(CultureInfo.InvariantCulture, $"{start.AddMinutes(i * 7):yyyy-MM-ddTHH:mm:ssZ},c{random.Next(imports / 4)}@example.com,{random.Next(11)},\"{Comments[i % Comments.Length]}\"\n");
            }
            var body = csv.ToString();
            clock.Restart();
            var imported = await server.Client.PostAsync($"/api/v1/workspaces/{server.WorkspaceId}/surveys/{survey.GetProperty("id").GetGuid()}/answers/import", new StringContent(body, Encoding.UTF8, "text/csv"));
            importElapsed = clock.Elapsed;
            if (!imported.IsSuccessStatusCode)
            {
                throw new InvalidOperationException("import: " + await imported.Content.ReadAsStringAsync());
            }
        }

        var setup = new[] { ("workspaces", ""), ("touchpoints", ""), ("surveys", ""), ("survey_versions", "") };
        var publicRows = new[] { ("survey_answers", "WHERE source = 'PublicLink'"), ("outbox_events", "WHERE type = 'survey.answered'") };
        var importRows = new[] { ("customers", ""), ("customer_identities", ""), ("search_entries", "WHERE kind = 'Customer'"), ("survey_answers", "WHERE source = 'Import'"), ("outbox_events", "WHERE type = 'customer.created'") };
        var rawPublic = await RawLoadAsync(provider, api, setup, publicRows);
        var rawImport = await RawLoadAsync(provider, api, setup, importRows);

        var publicRate = answers / publicElapsed.TotalSeconds;
        var publicRaw = (answers + 200) / rawPublic.TotalSeconds;
        var importRate = imports / importElapsed.TotalSeconds;
        var importRaw = imports / rawImport.TotalSeconds;
        Console.WriteLine();
        Console.WriteLine($"survey benchmark on {provider}: {answers:N0} answers through the public endpoint ({Clients} clients), {imports:N0} rows through the CSV import");
        Console.WriteLine($"{"",-44} {"Hamdel",14} {"raw bulk load",14} {"ratio",8}");
        Console.WriteLine($"{"public answers/s (each 201 committed)",-44} {publicRate,14:N0} {publicRaw,14:N0} {publicRate / publicRaw,8:0.000}");
        Console.WriteLine($"{"imported answers/s (one file, one commit)",-44} {importRate,14:N0} {importRaw,14:N0} {importRate / importRaw,8:0.000}");
        Console.WriteLine($"(raw: {(provider.Equals("sqlite", StringComparison.OrdinalIgnoreCase) ? "prepared INSERTs in one transaction" : "binary COPY")} of the rows each path wrote, into a fresh database of the same schema)");
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? JsonDocument.Parse(text).RootElement.Clone() : throw new InvalidOperationException($"{(int)response.StatusCode}: {text}");
    }

    /// <summary>Copies the setup rows untimed, then times a bulk load of the measured rows into a fresh database.</summary>
    private static async Task<TimeSpan> RawLoadAsync(string provider, BenchDatabase source, (string Table, string Where)[] setup, (string Table, string Where)[] measured)
    {
        await using var raw = await BenchDatabase.CreateAsync(provider);
        await using (await BenchServer.StartAsync(raw))
        {
        }
        var rows = new List<(string Table, string[] Columns, List<object?[]> Rows)>();
        await using (var connection = await source.OpenAsync())
        {
            foreach (var (table, where) in setup.Concat(measured))
            {
                var (columns, list) = await BenchDatabase.ReadAllAsync(connection, $"SELECT * FROM {table} {where}");
                rows.Add((table, columns, list));
            }
        }
        // The raw database's own start made its workspace and admin; the copied setup rows replace nothing, they sit beside them.
        await using (var writer = await BulkWriter.OpenAsync(raw))
        {
            foreach (var (table, columns, list) in rows.Take(setup.Length))
            {
                await writer.WriteAsync(table, columns, list);
            }
            await writer.CommitAsync();
        }
        var clock = Stopwatch.StartNew();
        await using (var writer = await BulkWriter.OpenAsync(raw))
        {
            foreach (var (table, columns, list) in rows.Skip(setup.Length))
            {
                await writer.WriteAsync(table, columns, list);
            }
            await writer.CommitAsync();
        }
        return clock.Elapsed;
    }
}
