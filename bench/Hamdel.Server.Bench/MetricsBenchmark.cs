using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;

namespace Hamdel.Server.Bench;

/// <summary>
/// (a) A grouped NPS, CSAT and CES query (month × channel over two years) through the metrics API,
/// beside DuckDB computing the same numbers from the same rows in the same process: a column store's
/// full scan is the anchor the rollups must beat, with identical numbers. (b) The cost of keeping
/// the rollups during ingestion: a CSV import's commit, then the outbox work that rolls it up.
/// </summary>
internal static class MetricsBenchmark
{
    private const int Channels = 10;
    private const int Touchpoints = 50;
    private const int Agents = 200;
    private const int Rounds = 15;
    private static readonly string[] Languages = ["fa", "fa", "fa", "ar", "ar", "en"];
    // Tehran has kept +03:30 all year since 2023, so over these two years local time is UTC + 210 minutes.
    private static readonly TimeSpan Tehran = TimeSpan.FromMinutes(210);

    public static async Task RunAsync(string provider, int answers)
    {
        await using var database = await BenchDatabase.CreateAsync(provider);
        await using var server = await BenchServer.StartAsync(database);
        var ws = server.WorkspaceId;
        (await server.Client.PutAsJsonAsync($"/api/v1/workspaces/{ws}", new { name = "Bench", timeZone = "Asia/Tehran", defaultLanguage = "fa" })).EnsureSuccessStatusCode();
        var touchpoints = new List<Guid>();
        for (var i = 0; i < Touchpoints; i++)
        {
            touchpoints.Add((await ReadAsync(await server.Client.PostAsJsonAsync($"/api/v1/workspaces/{ws}/touchpoints", new { key = $"tp.{i}", name = $"Touchpoint {i}" }))).GetProperty("id").GetGuid());
        }
        var surveys = new List<Guid>();
        foreach (var type in new[] { "Nps", "Csat", "Ces" })
        {
            surveys.Add((await ReadAsync(await server.Client.PostAsJsonAsync($"/api/v1/workspaces/{ws}/surveys", new
            {
                name = type, touchpointId = touchpoints[0], definition = new { type, question = new { en = "How was it?" } },
            }))).GetProperty("id").GetGuid());
        }
        var channels = new List<Guid>();
        for (var i = 0; i < Channels; i++)
        {
            channels.Add(await server.CreateApiChannelAsync($"Channel {i}"));
        }
        var agents = Enumerable.Range(0, Agents).Select(_ => Guid.NewGuid()).ToArray();

        // Two years of answers, busier lately and on a few channels; scores leaning high, as real ones do.
        var end = TimeProvider.System.GetUtcNow();
        var random = new Random(42);
        var rows = new (Guid Id, int Survey, int Channel, int Touchpoint, int Agent, int Score, string Language, DateTimeOffset At)[answers];
        for (var i = 0; i < answers; i++)
        {
            var survey = random.Next(3);
            var at = end.AddSeconds(-730 * 86400.0 * Math.Pow(random.NextDouble(), 1.4)).AddSeconds(-1);
            var channel = (int)Math.Min(Channels - 1, Math.Floor(-Math.Log(1 - random.NextDouble()) * 2.5));
            var score = survey switch
            {
                0 => Math.Clamp((int)Math.Round(11 - Math.Abs(random.NextDouble() * random.NextDouble() * 11)), 0, 10),
                1 => Math.Clamp(6 - (int)Math.Ceiling(random.NextDouble() * random.NextDouble() * 5), 1, 5),
                _ => Math.Clamp(8 - (int)Math.Ceiling(random.NextDouble() * random.NextDouble() * 7), 1, 7),
            };
            rows[i] = (Guid.CreateVersion7(at), survey, channel, random.Next(Touchpoints), random.Next(Agents), score, Languages[random.Next(Languages.Length)], at);
        }
        // Answers arrive in time order (and their time-ordered ids with them); loading them so keeps
        // every index append-mostly, as in real use, instead of inserting ten million rows at random places.
        Array.Sort(rows, (a, b) => a.At.CompareTo(b.At));

        var clock = Stopwatch.StartNew();
        await using (var writer = await BulkWriter.OpenAsync(database))
        {
            string[] columns = ["id", "workspace_id", "survey_id", "survey_version", "touchpoint_id", "channel_id", "agent_id", "language", "source", "score", "wants_contact", "answered_at", "updated_at"];
            await writer.WriteAsync("survey_answers", columns, rows.Select(r => new object?[]
            {
                r.Id, ws, surveys[r.Survey], 1, touchpoints[r.Touchpoint], channels[r.Channel], agents[r.Agent], r.Language, "Import", r.Score, false, r.At, r.At,
            }));
            await writer.CommitAsync();
        }
        var load = clock.Elapsed;
        await database.AnalyzeAsync();
        clock.Restart();
        var rebuilt = await ReadAsync(await server.Client.PostAsync($"/api/v1/workspaces/{ws}/metrics/rebuild", null));
        var rebuild = clock.Elapsed;
        await database.AnalyzeAsync();
        Console.WriteLine($"loaded {answers:N0} answers raw in {load.TotalSeconds:N1} s; rollups rebuilt in {rebuild.TotalSeconds:N1} s ({rebuilt.GetProperty("facts").GetInt32():N0} facts, {rebuilt.GetProperty("rollups").GetInt32():N0} rollup rows)");

        // The same rows in DuckDB (in memory), loaded untimed.
        using var duck = new DuckDBConnection("Data Source=:memory:");
        await duck.OpenAsync();
        using (var create = duck.CreateCommand())
        {
            create.CommandText = "CREATE TABLE answers (survey INTEGER, channel VARCHAR, touchpoint VARCHAR, agent VARCHAR, score INTEGER, language VARCHAR, answered_at TIMESTAMP)";
            await create.ExecuteNonQueryAsync();
        }
        using (var appender = duck.CreateAppender("answers"))
        {
            foreach (var r in rows)
            {
                appender.CreateRow().AppendValue(r.Survey).AppendValue(channels[r.Channel].ToString("N")).AppendValue(touchpoints[r.Touchpoint].ToString("N"))
                    .AppendValue(agents[r.Agent].ToString("N")).AppendValue(r.Score).AppendValue(r.Language).AppendValue(r.At.UtcDateTime).EndRow();
            }
        }

        var local = (end + Tehran).UtcDateTime;
        var from = new DateOnly(local.Year, local.Month, 1).AddMonths(-23);
        var to = DateOnly.FromDateTime(local);
        var metrics = new[] { ("nps", 0), ("csat", 1), ("ces", 2) };
        var api = new Dictionary<string, JsonElement>();
        var apiTimes = new List<double>();
        var duckTimes = new List<double>();
        var duckResults = new Dictionary<string, Dictionary<(string Month, string Channel), (long N, double Value)>>();
        for (var round = 0; round < Rounds + 2; round++)
        {
            clock.Restart();
            foreach (var (metric, _) in metrics)
            {
                var response = await server.Client.GetAsync($"/api/v1/workspaces/{ws}/metrics/{metric}?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}&groupBy=month,channel&calendar=gregorian");
                api[metric] = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            }
            var apiTime = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            foreach (var (metric, survey) in metrics)
            {
                duckResults[metric] = await DuckAsync(duck, metric, survey, from, to);
            }
            var duckTime = clock.Elapsed.TotalMilliseconds;
            if (round >= 2)
            {
                apiTimes.Add(apiTime);
                duckTimes.Add(duckTime);
            }
        }

        // Identical numbers: every month × channel cell, n exactly and the value to the API's four decimals (rounding: ±0.00005).
        var cells = 0;
        foreach (var (metric, _) in metrics)
        {
            var expected = duckResults[metric];
            var got = api[metric].GetProperty("values").EnumerateArray().Where(v => v.GetProperty("n").GetInt64() > 0)
                .ToDictionary(v => (v.GetProperty("group").GetProperty("period").GetString()!, v.GetProperty("group").GetProperty("channel").GetString()!),
                    v => (v.GetProperty("n").GetInt64(), v.GetProperty("value").ValueKind == JsonValueKind.Number ? v.GetProperty("value").GetDouble() : double.NaN));
            if (got.Count != expected.Count)
            {
                throw new InvalidOperationException($"{metric}: {got.Count} cells from the API, {expected.Count} from DuckDB");
            }
            foreach (var (key, (n, value)) in expected)
            {
                // Below the minimum sample the API gives n and no value ("not enough data"): n must still agree.
                if (!got.TryGetValue(key, out var g) || g.Item1 != n || (!double.IsNaN(g.Item2) && Math.Abs(g.Item2 - value) > 6e-5) || (double.IsNaN(g.Item2) && n >= 30))
                {
                    throw new InvalidOperationException($"{metric} {key}: DuckDB n={n} value={value}, API {(got.TryGetValue(key, out var x) ? $"n={x.Item1} value={x.Item2}" : "nothing")}");
                }
                cells++;
            }
        }

        // (b) Ingestion: 20,000 answers through the CSV import (committed), then the outbox rolls them up.
        var imported = Math.Min(20_000, Math.Max(1000, answers / 50));
        var csv = new StringBuilder("date,email,score,channel\n");
        for (var i = 0; i < imported; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{end.AddMinutes(-i - 1):yyyy-MM-ddTHH:mm:ssZ},i{i}@example.com,{random.Next(11)},Channel {random.Next(Channels)}\n");
        }
        clock.Restart();
        var import = await server.Client.PostAsync($"/api/v1/workspaces/{ws}/surveys/{surveys[0]}/answers/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        var importTime = clock.Elapsed;
        if (!import.IsSuccessStatusCode)
        {
            throw new InvalidOperationException("import: " + await import.Content.ReadAsStringAsync());
        }
        await using (var connection = await database.OpenAsync())
        {
            while (true)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT COUNT(*) FROM outbox_events WHERE type = 'internal.survey.answers_imported' AND processed_at IS NULL";
                if (Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) == 0)
                {
                    break;
                }
                await Task.Delay(20);
            }
        }
        var rolledUp = clock.Elapsed;

        var apiMedian = Median(apiTimes);
        var duckMedian = Median(duckTimes);
        Console.WriteLine();
        Console.WriteLine($"metrics benchmark on {provider}: {answers:N0} answers over two years, {Channels} channels, {Touchpoints} touchpoints, {Agents} agents; NPS + CSAT + CES by month × channel ({cells} cells, identical in both)");
        Console.WriteLine($"{"",-52} {"Hamdel API",12} {"DuckDB scan",12} {"ratio",8}");
        Console.WriteLine($"{"three grouped queries, median of " + Rounds + " (ms)",-52} {apiMedian,12:N1} {duckMedian,12:N1} {duckMedian / apiMedian,8:N1}");
        Console.WriteLine($"{"",-52} {"import only",12} {"+ rollups",12} {"ratio",8}");
        Console.WriteLine($"{"ingest " + imported.ToString("N0", CultureInfo.InvariantCulture) + " answers by CSV import (s)",-52} {importTime.TotalSeconds,12:N2} {rolledUp.TotalSeconds,12:N2} {rolledUp.TotalSeconds / importTime.TotalSeconds,8:N2}");
        Console.WriteLine("(API: bearer token, workspace check, rollup query, JSON over HTTP; DuckDB: in-process, in memory, the same rows; ratio > 1: the API is faster)");
    }

    private static async Task<Dictionary<(string Month, string Channel), (long N, double Value)>> DuckAsync(DuckDBConnection duck, string metric, int survey, DateOnly from, DateOnly to)
    {
        var value = metric switch
        {
            "nps" => "100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / count(*)",
            "csat" => "100.0 * count(*) FILTER (WHERE score >= 4) / count(*)",
            _ => "avg(score)",
        };
        using var command = duck.CreateCommand();
        command.CommandText = $"""
            SELECT strftime(local, '%Y-%m') AS month, channel, count(*) AS n, {value} AS value
            FROM (SELECT channel, score, answered_at + INTERVAL 210 MINUTE AS local FROM answers WHERE survey = {survey})
            WHERE local >= DATE '{from:yyyy-MM-dd}' AND local < DATE '{to.AddDays(1):yyyy-MM-dd}'
            GROUP BY 1, 2
            """;
        var result = new Dictionary<(string, string), (long, double)>();
        using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result[(reader.GetString(0), reader.GetString(1))] = (reader.GetInt64(2), reader.GetDouble(3));
        }
        return result;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? JsonDocument.Parse(text).RootElement.Clone() : throw new InvalidOperationException($"{(int)response.StatusCode}: {text}");
    }
}
