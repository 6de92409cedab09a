using System.Diagnostics;
using Hamdel.Server.Features.Demo;

namespace Hamdel.Server.Bench;

/// <summary>
/// Inbound messages per second through the batch API (1,000 per request, each committed before the
/// answer), beside a raw bulk load of exactly the rows those requests wrote (customers, identities,
/// conversations, messages, search entries, events) into a fresh database of the same kind.
/// </summary>
internal static class InboundBenchmark
{
    /// <summary>The tables an inbound message writes to, in an order that satisfies foreign keys.</summary>
    private static readonly string[] Tables = ["customers", "customer_identities", "conversations", "messages", "search_entries", "outbox_events"];

    public static async Task RunAsync(string provider, int messages)
    {
        const int batchSize = 1000;
        var random = new Random(7);
        var texts = DemoConversations.ByLanguage.Values.SelectMany(s => s).SelectMany(s => s.Turns.Where((_, i) => i % 2 == 0)).ToArray();
        var customers = Math.Max(10, messages / 4);
        object Message(int i) => new
        {
            sender = new { email = $"customer{random.Next(customers)}@example.com", name = $"Customer {i % customers}" },
            text = texts[random.Next(texts.Length)].Replace("{order}", "#" + i, StringComparison.Ordinal).Replace("{name}", "", StringComparison.Ordinal),
            externalId = $"m-{i}",
        };

        await using var api = await BenchDatabase.CreateAsync(provider);
        TimeSpan apiElapsed;
        int warmup = batchSize;
        await using (var server = await BenchServer.StartAsync(api))
        {
            var channel = await server.CreateApiChannelAsync("Bench");
            var url = $"/api/v1/workspaces/{server.WorkspaceId}/channels/{channel}/messages/batch";
            (await server.Client.PostAsJsonAsync(url, new { messages = Enumerable.Range(-warmup, warmup).Select(Message).ToList() })).EnsureSuccessStatusCode();

            var batches = Enumerable.Range(0, messages / batchSize).Select(b => new { messages = Enumerable.Range(b * batchSize, batchSize).Select(Message).ToList() }).ToList();
            var clock = Stopwatch.StartNew();
            foreach (var batch in batches)
            {
                var response = await server.Client.PostAsJsonAsync(url, batch);
                response.EnsureSuccessStatusCode();
            }
            apiElapsed = clock.Elapsed;
        }

        // The anchor: the same rows, read back, bulk-loaded into a fresh database with the same schema.
        await using var raw = await BenchDatabase.CreateAsync(provider);
        await using (await BenchServer.StartAsync(raw))
        {
        }
        var rows = new Dictionary<string, (string[] Columns, List<object?[]> Rows)>();
        await using (var source = await api.OpenAsync())
        {
            foreach (var table in (string[])["workspaces", "channels", .. Tables])
            {
                rows[table] = await BenchDatabase.ReadAllAsync(source, $"SELECT * FROM {table}");
            }
        }
        await using (var setup = await BulkWriter.OpenAsync(raw))
        {
            await setup.WriteAsync("workspaces", rows["workspaces"].Columns, rows["workspaces"].Rows);
            await setup.WriteAsync("channels", rows["channels"].Columns, rows["channels"].Rows);
            await setup.CommitAsync();
        }
        var anchor = Stopwatch.StartNew();
        await using (var writer = await BulkWriter.OpenAsync(raw))
        {
            foreach (var table in Tables)
            {
                await writer.WriteAsync(table, rows[table].Columns, rows[table].Rows);
            }
            await writer.CommitAsync();
        }
        var rawElapsed = anchor.Elapsed;

        var apiRate = messages / apiElapsed.TotalSeconds;
        var rawRate = (messages + warmup) / rawElapsed.TotalSeconds;
        var rowCount = Tables.Sum(t => rows[t].Rows.Count);
        Console.WriteLine();
        Console.WriteLine($"inbound benchmark on {provider}: {messages:N0} messages in batches of {batchSize} ({rowCount:N0} rows written in all)");
        Console.WriteLine($"{"",-44} {"Hamdel API",14} {"raw bulk load",14} {"ratio",8}");
        Console.WriteLine($"{"messages/s",-44} {apiRate,14:N0} {rawRate,14:N0} {apiRate / rawRate,8:0.000}");
        Console.WriteLine($"(raw: {(provider.Equals("sqlite", StringComparison.OrdinalIgnoreCase) ? "prepared INSERTs in one transaction" : "binary COPY")} of the same rows into a fresh database of the same schema, indexes and triggers included)");
    }
}
