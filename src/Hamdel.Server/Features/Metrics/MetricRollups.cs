using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hamdel.Server.Features.Metrics;

/// <summary>Settings under <c>Hamdel:Metrics</c>.</summary>
internal sealed class MetricOptions
{
    public const string Section = "Hamdel:Metrics";

    /// <summary>Below this many answers (conversations, cases ...) a value is "not enough data" instead of a number.</summary>
    [Range(1, 100_000)]
    public int MinimumSample { get; set; } = 30;

    /// <summary>A conversation is a repeat contact when the same customer started another one this many days before it.</summary>
    [Range(1, 365)]
    public int RepeatContactDays { get; set; } = 7;

    /// <summary>Source rows a rebuild reads per round trip (each page's facts are written before the next is read).</summary>
    [Range(1, 1_000_000)]
    public int RebuildPageSize { get; set; } = 20_000;
}

/// <summary>One rollup cell: a family, a dimension's value (or the total), a local day.</summary>
internal readonly record struct CellKey(MetricFamily Family, MetricDimension Dimension, string Key, int Day);

/// <summary>Additive sums, for a change to apply to a cell or for a query to add up.</summary>
internal sealed class Sums
{
    public long N;
    public long Sum;
    public long SumSquares;
    public readonly long[] Counts = new long[11];

    public bool IsZero => N == 0 && Sum == 0 && SumSquares == 0 && Counts.All(c => c == 0);

    /// <summary>Adds (+1) or takes away (−1) one value; a duration (not <paramref name="scored"/>) keeps no squares or counts (its histogram does that).</summary>
    public void Add(long value, int sign, bool scored)
    {
        N += sign;
        Sum += sign * value;
        if (scored)
        {
            SumSquares += sign * value * value;
            Counts[Math.Clamp(value, 0, 10)] += sign;
        }
    }

    /// <summary>Adds (+1) or takes away (−1) other sums: the sums of one group taken from the total's are the rest's.</summary>
    public void Add(Sums other, int sign = 1)
    {
        N += sign * other.N;
        Sum += sign * other.Sum;
        SumSquares += sign * other.SumSquares;
        for (var i = 0; i < Counts.Length; i++)
        {
            Counts[i] += sign * other.Counts[i];
        }
    }

    public void Add(MetricRollup row)
    {
        N += row.N;
        Sum += row.Sum;
        SumSquares += row.SumSquares;
        long[] c = [row.C0, row.C1, row.C2, row.C3, row.C4, row.C5, row.C6, row.C7, row.C8, row.C9, row.C10];
        for (var i = 0; i < Counts.Length; i++)
        {
            Counts[i] += c[i];
        }
    }
}

/// <summary>What a rebuild did.</summary>
public sealed record RebuildResult(int Facts, int Rollups, int HistogramBins, double Seconds);

/// <summary>
/// Keeps the rollups equal to the sum of the facts, and the facts equal to what the source rows
/// say now (docs/adr/0021). Every write holds the workspace's state row (the per-workspace lock), so
/// concurrent updates and a rebuild never interleave; an update recomputes the sources' facts and
/// applies only the difference to what was counted before, so it is idempotent and handles changed
/// answers (subtract the old, add the new).
/// </summary>
internal sealed class MetricRollups(HamdelDbContext db, MetricFacts facts, IOptions<MetricOptions> options, TimeProvider time)
{
    /// <summary>Source ids per update round trip.</summary>
    private const int Chunk = 2000;

    private bool Sqlite => db.Database.IsSqlite();

    /// <summary>Brings the facts and rollups of these source rows up to date (rebuilding the workspace instead when its settings changed).</summary>
    public async Task ReconcileAsync(Guid workspaceId, MetricSource source, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var settings = await LockAsync(workspaceId, cancellationToken);
            if (settings is null)
            {
                await RebuildLockedAsync(workspaceId, cancellationToken);
            }
            else
            {
                foreach (var chunk in ids.Distinct().Chunk(Chunk))
                {
                    await ApplyAsync(workspaceId, source, chunk, settings, cancellationToken);
                }
            }
            await transaction.CommitAsync(cancellationToken);
        });
    }

    /// <summary>Recomputes every fact and rollup of a workspace from the source rows.</summary>
    public async Task<RebuildResult> RebuildAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await LockAsync(workspaceId, cancellationToken);
            var result = await RebuildLockedAsync(workspaceId, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        });
    }

    /// <summary>Rebuilds the workspace when its rollups were built with other settings (time zone, definitions, repeat window) or never.</summary>
    public async Task EnsureCurrentAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        var state = await db.Set<MetricWorkspaceState>().AsNoTracking().SingleOrDefaultAsync(s => s.WorkspaceId == workspaceId, cancellationToken);
        var zone = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId).Select(w => w.TimeZone).SingleOrDefaultAsync(cancellationToken);
        if (zone is null || (state is not null && IsCurrent(state, zone)))
        {
            return;
        }
        await RebuildAsync(workspaceId, cancellationToken);
    }

    /// <summary>The time zone the workspace's rollups are bucketed in (its own, once built).</summary>
    public async Task<TimeZoneInfo> TimeZoneAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        var zone = await db.Set<MetricWorkspaceState>().AsNoTracking().Where(s => s.WorkspaceId == workspaceId).Select(s => s.TimeZone).SingleOrDefaultAsync(cancellationToken)
            ?? await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId).Select(w => w.TimeZone).SingleOrDefaultAsync(cancellationToken);
        return Intl.FindTimeZone(zone) ?? TimeZoneInfo.Utc;
    }

    private bool IsCurrent(MetricWorkspaceState state, string zone) =>
        state.DefinitionVersion == MetricDefinitions.Version && state.TimeZone == zone && state.RepeatContactDays == options.Value.RepeatContactDays;

    /// <summary>Takes the workspace's lock (its state row, created on first use); returns the settings, or null when a rebuild is due.</summary>
    private async Task<FactSettings?> LockAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        await ExecuteAsync("""
            INSERT INTO metric_workspace_states (workspace_id, time_zone, definition_version, repeat_contact_days, revision)
            VALUES (@p0, '', 0, 0, 1)
            ON CONFLICT (workspace_id) DO UPDATE SET revision = metric_workspace_states.revision + 1
            """, [Id(workspaceId)], cancellationToken);
        var state = await db.Set<MetricWorkspaceState>().AsNoTracking().SingleAsync(s => s.WorkspaceId == workspaceId, cancellationToken);
        var zone = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId).Select(w => w.TimeZone).SingleOrDefaultAsync(cancellationToken) ?? "UTC";
        return IsCurrent(state, zone) ? new FactSettings(Intl.FindTimeZone(zone) ?? TimeZoneInfo.Utc, state.RepeatContactDays) : null;
    }

    private async Task ApplyAsync(Guid workspaceId, MetricSource source, IReadOnlyCollection<Guid> ids, FactSettings settings, CancellationToken cancellationToken)
    {
        var families = MetricDefinitions.FamiliesOf[source];
        var desired = (await facts.ForAsync(source, workspaceId, SourceRows.Of(ids), settings, cancellationToken)).Facts.ToDictionary(f => (f.Family, f.SourceId));
        var existing = await db.Set<MetricFact>().AsNoTracking()
            .Where(f => f.WorkspaceId == workspaceId && families.Contains(f.Family) && ids.Contains(f.SourceId))
            .ToListAsync(cancellationToken);
        var cells = new Dictionary<CellKey, Sums>();
        var bins = new Dictionary<(CellKey Cell, int Bin), long>();
        var removed = new List<MetricFact>();
        var added = new List<MetricFact>();
        foreach (var old in existing)
        {
            if (desired.Remove((old.Family, old.SourceId), out var now) && Same(old, now))
            {
                continue;
            }
            Contribute(old, -1, cells, bins);
            removed.Add(old);
            if (now is not null)
            {
                Contribute(now, +1, cells, bins);
                added.Add(now);
            }
        }
        foreach (var now in desired.Values)
        {
            Contribute(now, +1, cells, bins);
            added.Add(now);
        }
        await DeleteFactsAsync(removed, cancellationToken);
        await InsertFactsAsync(added, cancellationToken);
        await UpsertCellsAsync(workspaceId, cells.Where(c => !c.Value.IsZero), empty: false, cancellationToken);
        await UpsertBinsAsync(workspaceId, bins.Where(b => b.Value != 0), empty: false, cancellationToken);
    }

    private async Task<RebuildResult> RebuildLockedAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var zone = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId).Select(w => w.TimeZone).SingleOrDefaultAsync(cancellationToken) ?? "UTC";
        var settings = new FactSettings(Intl.FindTimeZone(zone) ?? TimeZoneInfo.Utc, options.Value.RepeatContactDays);
        foreach (var table in new[] { "metric_facts", "metric_rollups", "metric_histogram_bins" })
        {
            await ExecuteAsync($"DELETE FROM {table} WHERE workspace_id = @p0", [Id(workspaceId)], cancellationToken);
        }
        var cells = new Dictionary<CellKey, Sums>();
        var bins = new Dictionary<(CellKey Cell, int Bin), long>();
        var factCount = 0;
        foreach (var source in Enum.GetValues<MetricSource>())
        {
            Guid? after = null;
            while (await facts.ForAsync(source, workspaceId, SourceRows.Page(after, options.Value.RebuildPageSize), settings, cancellationToken) is { Last: { } last } page)
            {
                after = last;
                foreach (var fact in page.Facts)
                {
                    Contribute(fact, +1, cells, bins);
                }
                await InsertFactsAsync(page.Facts, cancellationToken);
                factCount += page.Facts.Count;
            }
        }
        // The workspace's rollups were deleted above: plain inserts, no conflicts to resolve.
        await UpsertCellsAsync(workspaceId, cells.Where(c => !c.Value.IsZero), empty: true, cancellationToken);
        await UpsertBinsAsync(workspaceId, bins.Where(b => b.Value != 0), empty: true, cancellationToken);
        await ExecuteAsync("""
            UPDATE metric_workspace_states SET time_zone = @p1, definition_version = @p2, repeat_contact_days = @p3, built_at = @p4 WHERE workspace_id = @p0
            """, [Id(workspaceId), zone, MetricDefinitions.Version, options.Value.RepeatContactDays, Instant(time.GetUtcNow())], cancellationToken);
        return new RebuildResult(factCount, cells.Count, bins.Count, Math.Round(clock.Elapsed.TotalSeconds, 3));
    }

    private static bool Same(MetricFact a, MetricFact b) =>
        a.Day == b.Day && a.Value == b.Value && a.SurveyId == b.SurveyId && a.TouchpointId == b.TouchpointId && a.ChannelId == b.ChannelId
        && a.TeamId == b.TeamId && a.AgentId == b.AgentId && a.Language == b.Language && a.Sentiment == b.Sentiment && a.Tags == b.Tags && a.Topics == b.Topics;

    /// <summary>Adds (sign +1) or takes away (−1) a fact's share of every rollup cell it counts in.</summary>
    public static void Contribute(MetricFact fact, int sign, Dictionary<CellKey, Sums> cells, Dictionary<(CellKey Cell, int Bin), long> bins)
    {
        var duration = MetricDefinitions.IsDuration(fact.Family);
        var bin = duration ? DurationSketch.BinOf(fact.Value) : 0;
        // The day, and the month of each calendar the day is in (see MetricPeriods.MonthCodes).
        var buckets = MetricPeriods.Buckets(fact.Day);
        foreach (var dimension in Dimensions(fact.Family))
        {
            foreach (var key in KeysOf(fact, dimension))
            {
                foreach (var bucket in buckets)
                {
                    var cell = new CellKey(fact.Family, dimension, key, bucket);
                    if (!cells.TryGetValue(cell, out var sums))
                    {
                        cells[cell] = sums = new Sums();
                    }
                    sums.Add(fact.Value, sign, !duration);
                    if (duration)
                    {
                        bins[(cell, bin)] = bins.GetValueOrDefault((cell, bin)) + sign;
                    }
                }
            }
        }
    }

    /// <summary>The total and every dimension of the family.</summary>
    public static IReadOnlyList<MetricDimension> Dimensions(MetricFamily family) => FamilyDimensions[family];

    private static readonly Dictionary<MetricFamily, MetricDimension[]> FamilyDimensions = Enum.GetValues<MetricFamily>()
        .ToDictionary(f => f, f => MetricDefinitions.DimensionsOf(f).Prepend(MetricDimension.None).ToArray());

    /// <summary>The rollup keys a fact counts under for one dimension: one, or (tags, topics) one per value; empty string for none.</summary>
    public static IEnumerable<string> KeysOf(MetricFact fact, MetricDimension dimension) => dimension switch
    {
        MetricDimension.None => [""],
        MetricDimension.Survey => [Key(fact.SurveyId)],
        MetricDimension.Touchpoint => [Key(fact.TouchpointId)],
        MetricDimension.Channel => [Key(fact.ChannelId)],
        MetricDimension.Team => [Key(fact.TeamId)],
        MetricDimension.Agent => [Key(fact.AgentId)],
        MetricDimension.Language => [fact.Language ?? ""],
        MetricDimension.Sentiment => [fact.Sentiment ?? ""],
        MetricDimension.Tag => fact.Tags.Length == 0 ? [""] : MetricFacts.Split(fact.Tags),
        MetricDimension.Topic => fact.Topics.Length == 0 ? [""] : MetricFacts.Split(fact.Topics),
        _ => [""],
    };

    public static string Key(Guid? id)
    {
        if (id is not { } g)
        {
            return "";
        }
        if (!KeyText.TryGetValue(g, out var key))
        {
            if (KeyText.Count > 100_000)
            {
                KeyText.Clear();
            }
            KeyText[g] = key = g.ToString("N");
        }
        return key;
    }

    /// <summary>Rollup keys of ids, made once: a rebuild asks for the same few channels, agents and surveys millions of times.</summary>
    private static readonly ConcurrentDictionary<Guid, string> KeyText = new();

    // ---- raw SQL: batched, in the current transaction, the same on both databases ----

    private object Id(Guid id) => Sqlite ? id.ToByteArray(bigEndian: true) : id;

    private object Id(Guid? id) => id is { } g ? Id(g) : DBNull.Value;

    private object Instant(DateTimeOffset at) => Sqlite ? at.UtcTicks : at;

    private async Task DeleteFactsAsync(List<MetricFact> removed, CancellationToken cancellationToken)
    {
        foreach (var fact in removed)
        {
            await ExecuteAsync("DELETE FROM metric_facts WHERE workspace_id = @p0 AND family = @p1 AND source_id = @p2",
                [Id(fact.WorkspaceId), (int)fact.Family, Id(fact.SourceId)], cancellationToken);
        }
    }

    private static readonly string[] FactColumns = ["workspace_id", "family", "source_id", "day", "survey_id", "touchpoint_id", "channel_id", "team_id", "agent_id", "language", "sentiment", "tags", "topics", "value"];
    private static readonly string[] RollupColumns = ["workspace_id", "family", "dimension", "key", "day", "n", "sum", "sum_squares", "c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10"];
    private static readonly string[] BinColumns = ["workspace_id", "family", "dimension", "key", "day", "bin", "n"];

    private Task InsertFactsAsync(List<MetricFact> rows, CancellationToken cancellationToken) =>
        InsertAsync("metric_facts", FactColumns, null, rows, f => [Id(f.WorkspaceId), (int)f.Family, Id(f.SourceId), f.Day, Id(f.SurveyId), Id(f.TouchpointId), Id(f.ChannelId), Id(f.TeamId), Id(f.AgentId),
                (object?)f.Language ?? DBNull.Value, (object?)f.Sentiment ?? DBNull.Value, f.Tags, f.Topics, f.Value], cancellationToken);

    /// <summary>Adds sums to cells (<paramref name="empty"/>: the workspace has no rollups, so they are plain inserts).</summary>
    private Task UpsertCellsAsync(Guid workspaceId, IEnumerable<KeyValuePair<CellKey, Sums>> cells, bool empty, CancellationToken cancellationToken)
    {
        var counts = string.Join(", ", Enumerable.Range(0, 11).Select(i => $"c{i} = metric_rollups.c{i} + excluded.c{i}"));
        return InsertAsync("metric_rollups", RollupColumns,
            empty ? null : $" ON CONFLICT (workspace_id, family, dimension, \"key\", day) DO UPDATE SET n = metric_rollups.n + excluded.n, \"sum\" = metric_rollups.\"sum\" + excluded.\"sum\", sum_squares = metric_rollups.sum_squares + excluded.sum_squares, {counts}",
            cells.ToList(), c => [Id(workspaceId), (int)c.Key.Family, (int)c.Key.Dimension, c.Key.Key, c.Key.Day, c.Value.N, c.Value.Sum, c.Value.SumSquares,
                .. c.Value.Counts.Cast<object?>()], cancellationToken);
    }

    private Task UpsertBinsAsync(Guid workspaceId, IEnumerable<KeyValuePair<(CellKey Cell, int Bin), long>> bins, bool empty, CancellationToken cancellationToken) =>
        InsertAsync("metric_histogram_bins", BinColumns,
            empty ? null : " ON CONFLICT (workspace_id, family, dimension, \"key\", day, bin) DO UPDATE SET n = metric_histogram_bins.n + excluded.n",
            bins.ToList(), b => [Id(workspaceId), (int)b.Key.Cell.Family, (int)b.Key.Cell.Dimension, b.Key.Cell.Key, b.Key.Cell.Day, b.Key.Bin, b.Value], cancellationToken);

    /// <summary>
    /// Writes rows in the current transaction (keys within one call are unique: the callers aggregate
    /// first). SQLite: one prepared single-row statement run per row, as binding a few values is cheap
    /// and a statement with thousands of named parameters is not. PostgreSQL: binary COPY for plain
    /// inserts, multi-row statements of ~100 rows for upserts.
    /// </summary>
    private async Task InsertAsync<T>(string table, string[] columns, string? conflict, IReadOnlyList<T> rows, Func<T, object?[]> values, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }
        var names = string.Join(", ", columns.Select(c => "\"" + c + "\""));
        var connection = db.Database.GetDbConnection();
        if (!Sqlite && conflict is null && connection is NpgsqlConnection npgsql)
        {
            await using var import = await npgsql.BeginBinaryImportAsync($"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var row in rows)
            {
                await import.StartRowAsync(cancellationToken);
                foreach (var value in values(row))
                {
                    await (value is null or DBNull ? import.WriteNullAsync(cancellationToken) : import.WriteAsync(value, cancellationToken));
                }
            }
            await import.CompleteAsync(cancellationToken);
            return;
        }
        var perStatement = Sqlite ? 1 : Math.Max(1, 2000 / columns.Length);
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandTimeout = 0;
        for (var start = 0; start < rows.Count; start += perStatement)
        {
            var count = Math.Min(perStatement, rows.Count - start);
            if (command.Parameters.Count != count * columns.Length)
            {
                // A statement for this many rows (made once for SQLite, where every statement has one row).
                var sql = new StringBuilder($"INSERT INTO {table} ({names}) VALUES ");
                command.Parameters.Clear();
                for (var r = 0; r < count; r++)
                {
                    sql.Append(r == 0 ? "(" : ", (");
                    for (var c = 0; c < columns.Length; c++)
                    {
                        var parameter = command.CreateParameter();
                        parameter.ParameterName = "@p" + command.Parameters.Count.ToString(CultureInfo.InvariantCulture);
                        command.Parameters.Add(parameter);
                        sql.Append(c == 0 ? "" : ", ").Append(parameter.ParameterName);
                    }
                    sql.Append(')');
                }
#pragma warning disable CA2100 // the text is built from constants; every value is a parameter
                command.CommandText = sql.Append(conflict).ToString();
#pragma warning restore CA2100
                if (Sqlite)
                {
                    await command.PrepareAsync(cancellationToken);
                }
            }
            for (var r = 0; r < count; r++)
            {
                var row = values(rows[start + r]);
                for (var c = 0; c < columns.Length; c++)
                {
                    command.Parameters[r * columns.Length + c].Value = row[c] ?? DBNull.Value;
                }
            }
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task ExecuteAsync(string sql, List<object?> parameters, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
#pragma warning disable CA2100 // the text is built from constants; every value is a parameter
        command.CommandText = sql;
#pragma warning restore CA2100
        command.CommandTimeout = 0;
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i.ToString(CultureInfo.InvariantCulture);
            parameter.Value = parameters[i] ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>Helpers shared with tests: reading rollups back as plain rows.</summary>
internal static class MetricRollupRows
{
    /// <summary>Every non-zero rollup and histogram row of a workspace, as text lines (for comparing incremental results with a rebuild).</summary>
    public static async Task<List<string>> SnapshotAsync(HamdelDbContext db, Guid workspaceId, CancellationToken cancellationToken)
    {
        var rollups = await db.Set<MetricRollup>().AsNoTracking().Where(r => r.WorkspaceId == workspaceId && r.N != 0).ToListAsync(cancellationToken);
        var bins = await db.Set<MetricHistogramBin>().AsNoTracking().Where(r => r.WorkspaceId == workspaceId && r.N != 0).ToListAsync(cancellationToken);
        var facts = await db.Set<MetricFact>().AsNoTracking().Where(r => r.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        return
        [
            .. rollups.Select(r => string.Create(CultureInfo.InvariantCulture,
                $"r {(int)r.Family} {(int)r.Dimension} {r.Key} {r.Day} {r.N} {r.Sum} {r.SumSquares} {r.C0} {r.C1} {r.C2} {r.C3} {r.C4} {r.C5} {r.C6} {r.C7} {r.C8} {r.C9} {r.C10}")),
            .. bins.Select(b => string.Create(CultureInfo.InvariantCulture, $"b {(int)b.Family} {(int)b.Dimension} {b.Key} {b.Day} {b.Bin} {b.N}")),
            .. facts.Select(f => string.Create(CultureInfo.InvariantCulture,
                $"f {(int)f.Family} {f.SourceId} {f.Day} {f.SurveyId} {f.TouchpointId} {f.ChannelId} {f.TeamId} {f.AgentId} {f.Language} {f.Sentiment} [{f.Tags}] [{f.Topics}] {f.Value}")),
        ];
    }
}
