using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Hamdel.Server.Features.Conversations;

namespace Hamdel.Server.Bench;

/// <summary>
/// Inbox list latency with a million conversations: the real endpoint over HTTP (bearer token,
/// workspace check, EF query, names of customer, channel, assignee and team, the last message's
/// preview, JSON), beside the same page fetched with one hand-written SQL query through ADO.NET.
/// </summary>
internal static class InboxBenchmark
{
    public static async Task RunAsync(string provider, int conversations)
    {
        await using var database = await BenchDatabase.CreateAsync(provider);
        await using var server = await BenchServer.StartAsync(database);
        var ws = server.WorkspaceId;
        Console.WriteLine($"Loading {conversations:N0} conversations into {provider}...");

        var agents = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            var added = await server.Client.PostAsJsonAsync($"/api/v1/workspaces/{ws}/members", new { email = $"agent{i}@bench.hamdel", displayName = $"Agent {i}", role = "Agent", password = "Agent-Password-1" });
            agents.Add((await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("member").GetProperty("userId").GetGuid());
        }
        var me = (await server.Client.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("id").GetGuid();
        agents.Add(me);
        var channels = new[] { await server.CreateApiChannelAsync("App"), await server.CreateApiChannelAsync("Shop"), await server.CreateApiChannelAsync("Partners") };

        var load = Stopwatch.StartNew();
        await LoadAsync(database, ws, channels, agents, conversations);
        await database.AnalyzeAsync();
        Console.WriteLine($"Loaded in {load.Elapsed.TotalSeconds:0} s.");

        var cases = new (string Name, string Query)[]
        {
            ("open, latest first", "status=Open"),
            ("unassigned open", "view=Unassigned&status=Open"),
            ("mine, open", "view=Mine&status=Open"),
            ("open, longest waiting first", "status=Open&sort=Waiting"),
            ("resolved, latest first", "status=Resolved"),
            ("all, latest first", ""),
        };
        Console.WriteLine();
        Console.WriteLine($"inbox list on {provider} with {conversations:N0} conversations (50 per page; 300 requests per case after 50 to warm up)");
        Console.WriteLine($"{"",-34} {"API p50",9} {"API p99",9} {"SQL p50",9} {"SQL p99",9} {"p50 ratio",10}");
        await using var connection = await database.OpenAsync();
        foreach (var (name, query) in cases)
        {
            var url = $"/api/v1/workspaces/{ws}/conversations?limit=50&{query}";
            var api = await MeasureAsync(async () => (await server.Client.GetAsync(url)).EnsureSuccessStatusCode());
            var sql = await MeasureAsync(() => AnchorAsync(connection, database.IsSqlite, ws, me, query));
            Console.WriteLine($"{name,-34} {api.P50,9:0.00} {api.P99,9:0.00} {sql.P50,9:0.00} {sql.P99,9:0.00} {api.P50 / sql.P50,10:0.0}");
        }

        // A deep page: the 40th page of resolved conversations, reached by following cursors.
        string? cursor = null;
        for (var page = 0; page < 39; page++)
        {
            var body = await server.Client.GetFromJsonAsync<JsonElement>($"/api/v1/workspaces/{ws}/conversations?limit=50&status=Resolved" + (cursor is null ? "" : "&cursor=" + cursor));
            cursor = body.GetProperty("nextCursor").GetString();
        }
        var deep = await MeasureAsync(async () => (await server.Client.GetAsync($"/api/v1/workspaces/{ws}/conversations?limit=50&status=Resolved&cursor={cursor}")).EnsureSuccessStatusCode());
        Console.WriteLine($"{"resolved, page 40 (cursor)",-34} {deep.P50,9:0.00} {deep.P99,9:0.00}");
        Console.WriteLine("(ms; SQL: the same page as one hand-written query over the same indexes, through ADO.NET in the same process)");
    }

    private static async Task<(double P50, double P99)> MeasureAsync(Func<Task> run)
    {
        for (var i = 0; i < 50; i++)
        {
            await run();
        }
        var times = new List<double>(300);
        for (var i = 0; i < 300; i++)
        {
            var clock = Stopwatch.StartNew();
            await run();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return (times[times.Count / 2], times[(int)(times.Count * 0.99)]);
    }

    /// <summary>The page the API returns, as one SQL statement: conversation, names, last message preview.</summary>
    private static async Task AnchorAsync(DbConnection connection, bool sqlite, Guid workspace, Guid me, string query)
    {
        var where = "c.workspace_id = @ws";
        if (query.Contains("status=Open", StringComparison.Ordinal)) { where += " AND c.status = 'Open'"; }
        if (query.Contains("status=Resolved", StringComparison.Ordinal)) { where += " AND c.status = 'Resolved'"; }
        if (query.Contains("Unassigned", StringComparison.Ordinal)) { where += " AND c.assignee_id IS NULL"; }
        if (query.Contains("Mine", StringComparison.Ordinal)) { where += " AND c.assignee_id = @me"; }
        var waiting = query.Contains("Waiting", StringComparison.Ordinal);
        if (waiting) { where += " AND c.waiting_since IS NOT NULL"; }
        var order = waiting ? "c.waiting_since, c.id" : "c.last_message_at DESC, c.id DESC";
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT c.id, c.number, c.status, c.priority, c.subject, c.language, cu.display_name, ch.name, ch.kind, u.display_name, t.name,
                   c.created_at, c.last_message_at, c.waiting_since, c.message_count,
                   (SELECT m.text FROM messages m WHERE m.conversation_id = c.id AND m.direction <> 'Note' ORDER BY m.created_at DESC LIMIT 1)
            FROM conversations c
            JOIN customers cu ON cu.id = c.customer_id
            JOIN channels ch ON ch.id = c.channel_id
            LEFT JOIN users u ON u.id = c.assignee_id
            LEFT JOIN teams t ON t.id = c.team_id
            WHERE {where}
            ORDER BY {order}
            LIMIT 51
            """;
        var ws = command.CreateParameter();
        ws.ParameterName = "@ws";
        ws.Value = sqlite ? workspace.ToByteArray(true) : workspace;
        command.Parameters.Add(ws);
        var mine = command.CreateParameter();
        mine.ParameterName = "@me";
        mine.Value = sqlite ? me.ToByteArray(true) : me;
        command.Parameters.Add(mine);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new object[16];
        while (await reader.ReadAsync())
        {
            reader.GetValues(values);
        }
    }

    /// <summary>Customers, conversations (two years, realistic status mix) and one message each, written with the bulk writer.</summary>
    private static async Task LoadAsync(BenchDatabase database, Guid ws, Guid[] channels, List<Guid> agents, int count)
    {
        var random = new Random(11);
        var now = TimeProvider.System.GetUtcNow();
        var customerCount = Math.Max(1, count / 10);
        var customers = Enumerable.Range(0, customerCount).Select(_ => Guid.CreateVersion7()).ToArray();
        await using var writer = await BulkWriter.OpenAsync(database);
        await writer.WriteAsync("customers", ["id", "workspace_id", "display_name", "language", "time_zone", "created_at", "updated_at", "merged_into_id"],
            customers.Select((id, i) => new object?[] { id, ws, $"Customer {i}", (i % 3) switch { 0 => "fa", 1 => "ar", _ => "en" }, null, now.AddDays(-800), now.AddDays(-800), null }));

        var rows = new List<(Guid Id, DateTimeOffset Last, ConversationStatus Status)>(count);
        IEnumerable<object?[]> Conversations()
        {
            for (var i = 0; i < count; i++)
            {
                var created = now.AddMinutes(-random.Next(0, 2 * 365 * 24 * 60));
                var last = created.AddMinutes(random.Next(1, 3 * 24 * 60));
                var roll = random.NextDouble();
                var status = roll < 0.05 ? ConversationStatus.Open : roll < 0.08 ? ConversationStatus.Pending : roll < 0.09 ? ConversationStatus.Snoozed : roll < 0.9 ? ConversationStatus.Resolved : ConversationStatus.Closed;
                var open = status is ConversationStatus.Open;
                Guid? assignee = open && random.NextDouble() < 0.3 ? null : agents[random.Next(agents.Count)];
                var id = Guid.CreateVersion7();
                rows.Add((id, last, status));
                yield return
                [
                    id, ws, (long)i + 1, customers[random.Next(customers.Length)], channels[random.Next(channels.Length)], null, "fa",
                    status, status == ConversationStatus.Snoozed ? now.AddDays(1) : null, ConversationPriority.Normal, assignee, null,
                    created, last, last, open ? last : null, created.AddMinutes(30), status >= ConversationStatus.Resolved ? last : null, status == ConversationStatus.Closed ? last : null,
                    2, 1, 0, 0, 0, 0,
                ];
            }
        }
        await writer.WriteAsync("conversations",
            ["id", "workspace_id", "number", "customer_id", "channel_id", "subject", "language", "status", "snoozed_until", "priority", "assignee_id", "team_id",
             "created_at", "updated_at", "last_message_at", "waiting_since", "first_response_at", "resolved_at", "closed_at",
             "message_count", "agent_reply_count", "reassignment_count", "team_transfer_count", "reopen_count", "version"],
            Conversations());
        await writer.WriteAsync("messages",
            ["id", "workspace_id", "conversation_id", "channel_id", "direction", "author", "author_user_id", "text", "html", "external_id", "sent_at", "created_at", "delivery_status", "delivery_error", "delivered_at"],
            rows.Select(r => new object?[] { Guid.CreateVersion7(), ws, r.Id, channels[0], MessageDirection.Inbound, MessageAuthor.Customer, null, "سلام، سفارش من هنوز نرسیده است. لطفاً پیگیری کنید.", null, null, r.Last, r.Last, DeliveryStatus.NotApplicable, null, null }));
        await writer.CommitAsync();
        await using var connection = await database.OpenAsync();
        await using var update = connection.CreateCommand();
        update.CommandText = "UPDATE workspaces SET last_conversation_number = @n";
        var n = update.CreateParameter();
        n.ParameterName = "@n";
        n.Value = (long)count;
        update.Parameters.Add(n);
        await update.ExecuteNonQueryAsync();
    }
}
