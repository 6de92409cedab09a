using System.Globalization;
using System.Linq.Expressions;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Hamdel.Server.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hamdel.Server.Features.Metrics;

/// <summary>A change from the previous period, or between two periods or segments: first minus second, with its interval and significance.</summary>
public sealed record MetricChange(double Difference, double? Low, double? High, double? PValue, bool Significant);

/// <summary>
/// One figure: its group (dimension → value; <c>period</c> → the period's key in the viewer's calendar),
/// the value with its 95% interval and sample size, and whether the sample is large enough to show
/// it (below the minimum the value is null), and its change from the period before (a trend) or from
/// the rest (a breakdown by dimensions only). A pulse group under five answers is hidden entirely.
/// </summary>
public sealed record MetricValue(
    IReadOnlyDictionary<string, string> Group, double? Value, long? N, double? Low, double? High, bool Enough,
    string? PeriodStart = null, string? PeriodEnd = null, MetricChange? Change = null, bool Hidden = false, IReadOnlyList<long>? Distribution = null);

/// <summary>A metric's table: every group's value, with what it was computed over.</summary>
public sealed record MetricResult(
    string Metric, MetricUnit Unit, string From, string To, string Calendar, string TimeZone, int MinimumSample,
    IReadOnlyList<string> GroupBy, IReadOnlyList<MetricValue> Values, IReadOnlyDictionary<string, string> Labels);

/// <summary>Two periods or segments side by side.</summary>
public sealed record MetricComparison(string Metric, MetricUnit Unit, MetricValue Current, MetricValue Baseline, MetricChange? Change);

/// <summary>One row behind a figure: an answer, invitation, conversation or follow-up case.</summary>
public sealed record MetricItem(
    Guid Id, MetricSource Source, DateTimeOffset At, long Value, Guid? CustomerId, string? Customer, Guid? ConversationId, long? ConversationNumber, string? Text);

/// <summary>The query string of the metrics API, as given.</summary>
public sealed record MetricRequest(string? From = null, string? To = null, string? GroupBy = null, IReadOnlyList<string>? Filter = null, string? Calendar = null);

/// <summary>
/// Answers metric questions from the rollups (docs/adr/0021). A question touching at most one
/// dimension (grouping and filters together) reads that dimension's daily rollups; one touching
/// more reads the per-source facts of the day range. Both are exact; periods are summed from days.
/// </summary>
internal sealed class MetricQueries(HamdelDbContext db, MetricRollups rollups, IOptions<MetricOptions> options, TimeProvider time)
{
    /// <summary>The most days one question may span (ten years).</summary>
    public const int MaxDays = 3660;

    internal sealed record Parsed(
        Guid Workspace, MetricDefinition Metric, int From, int To, PeriodGranularity? Period, IReadOnlyList<MetricDimension> Dimensions,
        IReadOnlyDictionary<MetricDimension, HashSet<string>> Filters, CalendarKind Calendar, TimeZoneInfo TimeZone, int Today);

    public async Task<Outcome<MetricResult>> GetAsync(CurrentMember member, string metricName, MetricRequest request, CalendarKind viewerCalendar, CancellationToken cancellationToken)
    {
        var parsed = await ParseAsync(member, metricName, request, viewerCalendar, allowGroups: true, cancellationToken);
        if (parsed.Failure is { } failure)
        {
            return failure;
        }
        return await RunAsync(member, parsed.Value!, cancellationToken);
    }

    /// <summary>The same metric over two periods or segments (the baseline defaults to the period just before, with the same filters).</summary>
    public async Task<Outcome<MetricComparison>> CompareAsync(CurrentMember member, string metricName, MetricRequest current, MetricRequest baseline, CalendarKind viewerCalendar, CancellationToken cancellationToken)
    {
        var a = await ParseAsync(member, metricName, current with { GroupBy = null }, viewerCalendar, allowGroups: false, cancellationToken);
        if (a.Failure is { } failure)
        {
            return failure;
        }
        var days = a.Value!.To - a.Value.From + 1;
        var defaults = baseline with
        {
            From = baseline.From ?? MetricPeriods.Format(a.Value.From - days),
            To = baseline.To ?? MetricPeriods.Format(a.Value.From - 1),
            Filter = baseline.Filter ?? current.Filter,
            GroupBy = null,
        };
        var b = await ParseAsync(member, metricName, defaults, viewerCalendar, allowGroups: false, cancellationToken);
        if (b.Failure is { } bad)
        {
            return Rename(bad, "base");
        }
        var ra = await ComputeAsync(member, a.Value, cancellationToken);
        var rb = await ComputeAsync(member, b.Value!, cancellationToken);
        var ca = ra.Cells.Values.FirstOrDefault() ?? new Cell(a.Value.Metric);
        var cb = rb.Cells.Values.FirstOrDefault() ?? new Cell(b.Value!.Metric);
        var metric = a.Value.Metric;
        return new MetricComparison(metric.Name, metric.Unit, ToValue(metric, new Dictionary<string, string>(), ca, a.Value.Today, null),
            ToValue(metric, new Dictionary<string, string>(), cb, b.Value!.Today, null), Compare(metric, ca, cb));
    }

    /// <summary>The rows behind a figure (newest first), for the drill-down: the same filters and days as the figure.</summary>
    public async Task<Outcome<Infrastructure.Paging.Page<MetricItem>>> ItemsAsync(CurrentMember member, string metricName, MetricRequest request, string? cursor, int? limit, CalendarKind viewerCalendar, CancellationToken cancellationToken)
    {
        var parsed = await ParseAsync(member, metricName, request with { GroupBy = null }, viewerCalendar, allowGroups: false, cancellationToken);
        if (parsed.Failure is { } failure)
        {
            return failure;
        }
        var q = parsed.Value!;
        if (q.Metric.IsPulse)
        {
            return Failure.Forbidden(Strings.Get("Metrics.PulseNotListed"));
        }
        var paging = Infrastructure.Paging.PageRequest.Parse(cursor, limit);
        if (paging.Failure is { } badPage)
        {
            return badPage;
        }
        var page = paging.Value;
        var facts = Filtered(q, q.Metric.Kind == MetricKind.BacklogAge ? MetricFamily.OpenAge : q.Metric.Family);
        if (q.Metric.Kind == MetricKind.Backlog)
        {
            var end = q.To;
            facts = facts.Where(f => f.Day <= end && !db.Set<MetricFact>().Any(o => o.WorkspaceId == f.WorkspaceId && o.Family == MetricFamily.BacklogOut && o.SourceId == f.SourceId && o.Day <= end));
        }
        else if (q.Metric.Kind == MetricKind.BacklogAge)
        {
            facts = facts.Where(f => f.Day <= q.Today);
        }
        else
        {
            facts = facts.Where(f => f.Day >= q.From && f.Day <= q.To);
        }
        if (page.Text is { } text)
        {
            var parts = text.Split('|');
            if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var day) || !Guid.TryParse(parts[1], out var after))
            {
                return Failure.Invalid("cursor", Strings.Get("Error.Cursor"));
            }
            facts = facts.Where(f => f.Day < day || (f.Day == day && f.SourceId.CompareTo(after) < 0));
        }
        var rows = await facts.OrderByDescending(f => f.Day).ThenByDescending(f => f.SourceId).Take(page.Limit + 1)
            .Select(f => new { f.SourceId, f.Day, f.Value }).ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.SourceId).ToList();
        var details = await DetailsAsync(q.Metric.Source, member.WorkspaceId, ids, cancellationToken);
        return page.ToPage(rows, r => $"{r.Day.ToString(CultureInfo.InvariantCulture)}|{r.SourceId}", r =>
        {
            var d = details.GetValueOrDefault(r.SourceId);
            return new MetricItem(r.SourceId, q.Metric.Source, d?.At ?? default, r.Value, d?.CustomerId, d?.Customer, d?.ConversationId, d?.Number, d?.Text);
        });
    }

    private sealed record Detail(DateTimeOffset At, Guid? CustomerId, string? Customer, Guid? ConversationId, long? Number, string? Text);

    private async Task<Dictionary<Guid, Detail>> DetailsAsync(MetricSource source, Guid workspaceId, List<Guid> ids, CancellationToken cancellationToken)
    {
        switch (source)
        {
            case MetricSource.Answer:
                return await db.SurveyAnswers.AsNoTracking().Where(a => a.WorkspaceId == workspaceId && ids.Contains(a.Id))
                    .Select(a => new { a.Id, a.AnsweredAt, a.CustomerId, Customer = db.Customers.Where(c => c.Id == a.CustomerId).Select(c => c.DisplayName).FirstOrDefault(), a.ConversationId,
                        Number = db.Conversations.Where(c => c.Id == a.ConversationId).Select(c => (long?)c.Number).FirstOrDefault(), a.Comment })
                    .ToDictionaryAsync(a => a.Id, a => new Detail(a.AnsweredAt, a.CustomerId, a.Customer, a.ConversationId, a.Number, a.Comment), cancellationToken);
            case MetricSource.Invitation:
                return await db.SurveyInvitations.AsNoTracking().Where(i => i.WorkspaceId == workspaceId && ids.Contains(i.Id))
                    .Select(i => new { i.Id, i.SentAt, i.CustomerId, Customer = db.Customers.Where(c => c.Id == i.CustomerId).Select(c => c.DisplayName).FirstOrDefault(), i.ConversationId,
                        Number = db.Conversations.Where(c => c.Id == i.ConversationId).Select(c => (long?)c.Number).FirstOrDefault(), Survey = db.Surveys.Where(s => s.Id == i.SurveyId).Select(s => s.Name).FirstOrDefault() })
                    .ToDictionaryAsync(i => i.Id, i => new Detail(i.SentAt ?? default, i.CustomerId, i.Customer, i.ConversationId, i.Number, i.Survey), cancellationToken);
            case MetricSource.Conversation:
                return await db.Conversations.AsNoTracking().Where(c => c.WorkspaceId == workspaceId && ids.Contains(c.Id))
                    .Select(c => new { c.Id, c.CreatedAt, c.CustomerId, Customer = db.Customers.Where(x => x.Id == c.CustomerId).Select(x => x.DisplayName).FirstOrDefault(), c.Number, c.Subject })
                    .ToDictionaryAsync(c => c.Id, c => new Detail(c.CreatedAt, c.CustomerId, c.Customer, c.Id, c.Number, c.Subject), cancellationToken);
            default:
                return await db.FollowUpCases.AsNoTracking().Where(c => c.WorkspaceId == workspaceId && ids.Contains(c.Id))
                    .Select(c => new { c.Id, c.CreatedAt, c.CustomerId, Customer = db.Customers.Where(x => x.Id == c.CustomerId).Select(x => x.DisplayName).FirstOrDefault(), c.ConversationId,
                        Number = db.Conversations.Where(x => x.Id == c.ConversationId).Select(x => (long?)x.Number).FirstOrDefault(), c.Reason })
                    .ToDictionaryAsync(c => c.Id, c => new Detail(c.CreatedAt, c.CustomerId, c.Customer, c.ConversationId, c.Number, c.Reason), cancellationToken);
        }
    }

    // ---- parsing and access ----

    public async Task<Outcome<Parsed>> ParseAsync(CurrentMember member, string metricName, MetricRequest request, CalendarKind viewerCalendar, bool allowGroups, CancellationToken cancellationToken)
    {
        if (MetricDefinitions.Find(metricName) is not { } metric)
        {
            return Failure.Invalid("metric", Strings.Format("Metrics.UnknownMetric", metricName, string.Join(", ", MetricDefinitions.All.Select(m => m.Name))));
        }
        var calendar = viewerCalendar;
        if (!string.IsNullOrEmpty(request.Calendar))
        {
            if (!Enum.TryParse<CalendarKind>(request.Calendar, ignoreCase: true, out calendar) || int.TryParse(request.Calendar, out _))
            {
                return Failure.Invalid("calendar", Strings.Format("Error.EnumValue", "calendar", string.Join(", ", Enum.GetNames<CalendarKind>())));
            }
        }
        await rollups.EnsureCurrentAsync(member.WorkspaceId, cancellationToken);
        var zone = await rollups.TimeZoneAsync(member.WorkspaceId, cancellationToken);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime).DayNumber;
        int? from = null, to = null;
        foreach (var (field, text) in new[] { ("from", request.From), ("to", request.To) })
        {
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return Failure.Invalid(field, Strings.Format("Metrics.BadDate", field, text));
            }
            if (field == "from") { from = date.DayNumber; } else { to = date.DayNumber; }
        }
        var end = to ?? today;
        var start = from ?? end - 89;
        if (start > end)
        {
            return Failure.Invalid("to", Strings.Get("Metrics.ToBeforeFrom"));
        }
        if (end - start + 1 > MaxDays)
        {
            return Failure.Invalid("from", Strings.Format("Metrics.RangeTooLong", MaxDays));
        }

        PeriodGranularity? period = null;
        var dimensions = new List<MetricDimension>();
        var groups = (request.GroupBy ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (groups.Length > 0 && !allowGroups)
        {
            return Failure.Invalid("groupBy", Strings.Get("Metrics.NoGroupsHere"));
        }
        if (groups.Length > 2)
        {
            return Failure.Invalid("groupBy", Strings.Get("Metrics.TwoGroupsAtMost"));
        }
        foreach (var group in groups)
        {
            if (MetricPeriods.Parse(group) is { } p)
            {
                if (period is not null)
                {
                    return Failure.Invalid("groupBy", Strings.Get("Metrics.OnePeriod"));
                }
                if (metric.Kind == MetricKind.BacklogAge)
                {
                    return Failure.Invalid("groupBy", Strings.Get("Metrics.BacklogAgeNoPeriod"));
                }
                period = p;
            }
            else if (MetricDefinitions.ParseDimension(group) is { } d && metric.Dimensions.Contains(d))
            {
                if (dimensions.Contains(d))
                {
                    return Failure.Invalid("groupBy", Strings.Format("Metrics.GroupTwice", group));
                }
                dimensions.Add(d);
            }
            else
            {
                return Failure.Invalid("groupBy", Strings.Format("Metrics.UnknownGroup", group, metric.Name, Choices(metric)));
            }
        }

        var filters = new Dictionary<MetricDimension, HashSet<string>>();
        foreach (var clause in (request.Filter ?? []).SelectMany(f => f.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            var colon = clause.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? clause : clause[..colon];
            if (colon <= 0 || MetricDefinitions.ParseDimension(name) is not { } d || !metric.Dimensions.Contains(d))
            {
                return Failure.Invalid("filter", Strings.Format("Metrics.UnknownFilter", clause, metric.Name, string.Join(", ", metric.Dimensions.Select(MetricDefinitions.NameOf))));
            }
            var set = filters.TryGetValue(d, out var existing) ? existing : filters[d] = new HashSet<string>(StringComparer.Ordinal);
            foreach (var raw in clause[(colon + 1)..].Split('|', StringSplitOptions.TrimEntries))
            {
                if (NormalizeValue(d, raw) is not { } value)
                {
                    return Failure.Invalid("filter", Strings.Format("Metrics.BadFilterValue", raw, name, ValueHint(d)));
                }
                set.Add(value);
            }
        }

        var scoped = await ScopeAsync(member, metric, filters, cancellationToken);
        if (scoped is { } denied)
        {
            return denied;
        }
        return new Parsed(member.WorkspaceId, metric, start, end, period, dimensions, filters, calendar, zone, today);
    }

    /// <summary>Agents see their own numbers; supervisors their teams' (all, when they are in no team); admins and analysts everything.</summary>
    private async Task<Failure?> ScopeAsync(CurrentMember member, MetricDefinition metric, Dictionary<MetricDimension, HashSet<string>> filters, CancellationToken cancellationToken)
    {
        if (member.Role == WorkspaceRole.Agent)
        {
            if (!metric.Dimensions.Contains(MetricDimension.Agent))
            {
                return Failure.Forbidden(Strings.Get("Metrics.NotForAgents"));
            }
            var me = MetricRollups.Key(member.UserId);
            if (filters.TryGetValue(MetricDimension.Agent, out var agents) && agents.Any(a => a != me))
            {
                return Failure.Forbidden(Strings.Get("Metrics.OwnNumbersOnly"));
            }
            filters[MetricDimension.Agent] = [me];
        }
        else if (member.Role == WorkspaceRole.Supervisor)
        {
            var teams = (await db.Teams.AsNoTracking()
                    .Where(t => t.WorkspaceId == member.WorkspaceId && (t.LeadUserId == member.UserId || t.Members.Any(m => m.UserId == member.UserId)))
                    .Select(t => t.Id).ToListAsync(cancellationToken))
                .Select(t => MetricRollups.Key(t)).ToHashSet(StringComparer.Ordinal);
            if (teams.Count == 0)
            {
                return null;
            }
            if (!metric.Dimensions.Contains(MetricDimension.Team))
            {
                return Failure.Forbidden(Strings.Get("Metrics.TeamsOnly"));
            }
            if (filters.TryGetValue(MetricDimension.Team, out var asked))
            {
                if (asked.Any(t => !teams.Contains(t)))
                {
                    return Failure.Forbidden(Strings.Get("Metrics.TeamsOnly"));
                }
            }
            else
            {
                filters[MetricDimension.Team] = teams;
            }
        }
        return null;
    }

    private static string Choices(MetricDefinition metric) =>
        string.Join(", ", (metric.Kind == MetricKind.BacklogAge ? [] : Enum.GetNames<PeriodGranularity>().Select(n => n.ToLowerInvariant()))
            .Concat(metric.Dimensions.Select(MetricDefinitions.NameOf)));

    private static string ValueHint(MetricDimension dimension) => dimension switch
    {
        MetricDimension.Language => "en, fa, ar, none",
        MetricDimension.Sentiment => string.Join(", ", MetricDefinitions.Sentiments) + ", none",
        MetricDimension.Tag or MetricDimension.Topic => Strings.Get("Metrics.AnyText"),
        _ => Strings.Get("Metrics.AnId"),
    };

    /// <summary>A filter value in the rollup key form (ids as 32 hex digits, "none" as empty), or null when it cannot be one.</summary>
    public static string? NormalizeValue(MetricDimension dimension, string raw)
    {
        if (raw is "none")
        {
            return "";
        }
        return dimension switch
        {
            MetricDimension.Language => raw is "en" or "fa" or "ar" ? raw : null,
            MetricDimension.Sentiment => MetricDefinitions.Sentiments.Contains(raw) ? raw : null,
            MetricDimension.Tag => raw.Length is > 0 and <= Limits.TagLength && !raw.Contains(' ', StringComparison.Ordinal) ? raw.ToLowerInvariant() : null,
            MetricDimension.Topic => raw.Length is > 0 and <= 100 && !raw.Contains(' ', StringComparison.Ordinal) ? raw : null,
            _ => Guid.TryParse(raw, out var id) ? id.ToString("N") : null,
        };
    }

    private static Failure Rename(Failure failure, string prefix) => failure.Errors is null ? failure : failure with
    {
        Errors = failure.Errors.ToDictionary(e => prefix + char.ToUpperInvariant(e.Key[0]) + e.Key[1..], e => e.Value),
    };

    // ---- computing ----

    /// <summary>Everything added up for one output group.</summary>
    internal sealed class Cell(MetricDefinition metric)
    {
        public Sums Sums { get; } = new();
        public DurationSketch? Sketch { get; } = metric.IsDuration ? new DurationSketch() : null;
        /// <summary>Backlog: net inflow per day; backlog age: open conversations per day created.</summary>
        public SortedDictionary<int, long> Days { get; } = [];
        public Period? Period { get; set; }
    }

    internal sealed record Computed(Dictionary<(string Period, string A, string B), Cell> Cells);

    private async Task<Outcome<MetricResult>> RunAsync(CurrentMember member, Parsed q, CancellationToken cancellationToken)
    {
        var computed = await ComputeAsync(member, q, cancellationToken);
        var metric = q.Metric;
        var names = q.Dimensions.Select(MetricDefinitions.NameOf).ToList();
        // A breakdown without periods compares each group with the rest (the total less the group: the
        // sums and histograms are additive, so "everyone else" is exact); a trend compares each period with the one before.
        var total = q.Period is null && q.Dimensions.Count > 0 && metric.Kind is not (MetricKind.Backlog or MetricKind.BacklogAge)
            ? (await ComputeAsync(member, q with { Dimensions = [] }, cancellationToken)).Cells.Values.SingleOrDefault()
            : null;
        var values = new List<MetricValue>();
        foreach (var series in computed.Cells.GroupBy(c => (c.Key.A, c.Key.B)).OrderBy(s => s.Key.A, StringComparer.Ordinal).ThenBy(s => s.Key.B, StringComparer.Ordinal))
        {
            Cell? previous = null;
            foreach (var (key, cell) in series.OrderBy(c => c.Value.Period?.Start ?? 0))
            {
                var group = new Dictionary<string, string>();
                if (q.Period is not null)
                {
                    group["period"] = key.Period;
                }
                if (names.Count > 0)
                {
                    group[names[0]] = key.A;
                }
                if (names.Count > 1)
                {
                    group[names[1]] = key.B;
                }
                values.Add(ToValue(metric, group, cell, q.Today, q.Period is not null ? previous : total is null ? null : Rest(metric, total, cell)));
                previous = cell;
            }
        }
        var labels = await LabelsAsync(member.WorkspaceId, q.Dimensions, computed.Cells.Keys, cancellationToken);
        var groupBy = (q.Period is { } p ? [p.ToString().ToLowerInvariant()] : new List<string>()).Concat(names).ToList();
        return new MetricResult(metric.Name, metric.Unit, MetricPeriods.Format(q.From), MetricPeriods.Format(q.To), q.Calendar.ToString(), q.TimeZone.Id,
            MinimumFor(metric), groupBy, values, labels);
    }

    /// <summary>Everything in the total that is not in the group.</summary>
    private static Cell Rest(MetricDefinition metric, Cell total, Cell group)
    {
        var rest = new Cell(metric);
        rest.Sums.Add(total.Sums);
        rest.Sums.Add(group.Sums, -1);
        if (rest.Sketch is { } sketch)
        {
            sketch.Merge(total.Sketch!);
            sketch.Merge(group.Sketch!, -1);
        }
        return rest;
    }

    public int MinimumFor(MetricDefinition metric) => metric.IsPulse ? Math.Max(options.Value.MinimumSample, Surveys.SurveyReports.MinimumGroup) : options.Value.MinimumSample;

    /// <summary>A figure, with its change from <paramref name="previous"/> (the period before, or the rest) when both have enough data.</summary>
    private MetricValue ToValue(MetricDefinition metric, Dictionary<string, string> group, Cell cell, int today, Cell? previous)
    {
        var period = cell.Period;
        string? start = period is { } ps ? MetricPeriods.Format(ps.Start) : null;
        string? end = period is { } pe ? MetricPeriods.Format(pe.End) : null;
        if (metric.Kind == MetricKind.Backlog)
        {
            var count = cell.Days.Values.Sum();
            return new MetricValue(group, count, count, null, null, true, start, end,
                previous is null ? null : new MetricChange(count - previous.Days.Values.Sum(), null, null, null, false));
        }
        var n = metric.Kind == MetricKind.BacklogAge ? cell.Days.Values.Sum() : cell.Sums.N;
        if (metric.IsPulse && n < Surveys.SurveyReports.MinimumGroup)
        {
            return new MetricValue(group, null, null, null, null, false, start, end, Hidden: true);
        }
        var enough = n >= MinimumFor(metric);
        var estimate = Estimate(metric, cell, today);
        IReadOnlyList<long>? distribution = metric.Kind is MetricKind.NetScore || metric.Family is MetricFamily.Csat or MetricFamily.Ces ? [.. cell.Sums.Counts] : null;
        var change = previous is not null && enough && (metric.IsPulse ? previous.Sums.N >= MinimumFor(metric) : (metric.Kind == MetricKind.BacklogAge ? 0 : previous.Sums.N) >= MinimumFor(metric))
            ? Compare(metric, cell, previous) : null;
        return enough
            ? new MetricValue(group, Round(estimate.Value), n, Round(estimate.Low), Round(estimate.High), true, start, end, change, Distribution: distribution)
            : new MetricValue(group, null, n, null, null, false, start, end, Distribution: metric.IsPulse ? null : distribution);
    }

    private static double? Round(double? value) => value is { } v && !double.IsNaN(v) ? Math.Round(v, 4) : null;

    private static Estimate Estimate(MetricDefinition metric, Cell cell, int today)
    {
        var s = cell.Sums;
        switch (metric.Kind)
        {
            case MetricKind.NetScore:
                return MetricStatistics.Nps(s.Counts[9] + s.Counts[10], s.Counts[..7].Sum(), s.N);
            case MetricKind.Proportion:
                return MetricStatistics.Proportion(Successes(metric, s), s.N);
            case MetricKind.Mean:
                return MetricStatistics.Mean(s.N, s.Sum, s.SumSquares);
            case MetricKind.Quantile:
                return cell.Sketch!.Quantile(metric.Quantile);
            default:
                var ages = new SortedDictionary<int, long>();
                foreach (var (day, count) in cell.Days)
                {
                    ages[today - day] = ages.GetValueOrDefault(today - day) + count;
                }
                return DurationSketch.Quantile(ages, 0.5, age => age);
        }
    }

    private static long Successes(MetricDefinition metric, Sums s)
    {
        long total = 0;
        for (var v = 0; v < s.Counts.Length; v++)
        {
            if (metric.Success(v))
            {
                total += s.Counts[v];
            }
        }
        return total;
    }

    private static MetricChange? Compare(MetricDefinition metric, Cell a, Cell b)
    {
        if (a.Sums.N == 0 || b.Sums.N == 0)
        {
            return null;
        }
        var d = metric.Kind switch
        {
            MetricKind.NetScore => MetricStatistics.CompareNps((a.Sums.Counts[9] + a.Sums.Counts[10], a.Sums.Counts[..7].Sum(), a.Sums.N), (b.Sums.Counts[9] + b.Sums.Counts[10], b.Sums.Counts[..7].Sum(), b.Sums.N)),
            MetricKind.Proportion => MetricStatistics.CompareProportions(Successes(metric, a.Sums), a.Sums.N, Successes(metric, b.Sums), b.Sums.N),
            MetricKind.Mean => MetricStatistics.CompareMeans((a.Sums.N, a.Sums.Sum, a.Sums.SumSquares), (b.Sums.N, b.Sums.Sum, b.Sums.SumSquares)),
            MetricKind.Quantile => new Difference(a.Sketch!.Quantile(metric.Quantile).Value - b.Sketch!.Quantile(metric.Quantile).Value, null, null, DurationSketch.MedianTest(a.Sketch, b.Sketch)),
            _ => null,
        };
        return d is null ? null : new MetricChange(Math.Round(d.Value, 4), Round(d.Low), Round(d.High), d.PValue is { } p ? Math.Round(p, 6) : null, d.Significant);
    }

    /// <summary>Adds up the rollups (or facts) of the question into its output groups.</summary>
    internal async Task<Computed> ComputeAsync(CurrentMember member, Parsed q, CancellationToken cancellationToken)
    {
        var metric = q.Metric;
        var cells = new Dictionary<(string Period, string A, string B), Cell>();
        var periods = q.Period is { } granularity ? MetricPeriods.Between(q.From, q.To, granularity, q.Calendar) : [new Period("", q.From, q.To)];
        var periodOfDay = new Dictionary<int, Period>();
        Period? PeriodOf(int day)
        {
            if (day < q.From || day > q.To)
            {
                return null;
            }
            if (!periodOfDay.TryGetValue(day, out var p))
            {
                periodOfDay[day] = p = periods.First(x => day >= x.Start && day <= x.End);
            }
            return p;
        }
        Cell CellOf(Period period, string a, string b)
        {
            var key = (period.Key, a, b);
            if (!cells.TryGetValue(key, out var cell))
            {
                cells[key] = cell = new Cell(metric) { Period = q.Period is null ? null : Clip(period, q) };
            }
            return cell;
        }

        var needed = q.Dimensions.Concat(q.Filters.Keys).Distinct().ToList();
        // A multi-valued dimension (tags, topics) under a filter comes from its rollups only for a
        // single value that is not also a grouping: a row tagged "a b" passes the filter "a" and then
        // counts in the group "b" too, which no rollup row of "a" or "b" alone says.
        var fromRollups = needed.Count == 0 || (needed.Count == 1 && (!MetricDefinitions.IsMultiValued(needed[0])
            || q.Filters.GetValueOrDefault(needed[0]) is not { } only || (only.Count == 1 && !q.Dimensions.Contains(needed[0]))));

        if (metric.Kind is MetricKind.Backlog or MetricKind.BacklogAge)
        {
            // Stocks, not flows: every day up to the period's end counts.
            var lastDay = metric.Kind == MetricKind.BacklogAge ? q.Today : q.To;
            var stock = new Dictionary<(string A, string B), SortedDictionary<int, long>>();
            var families = metric.Kind == MetricKind.Backlog ? new[] { (MetricFamily.BacklogIn, 1), (MetricFamily.BacklogOut, -1) } : [(MetricFamily.OpenAge, 1)];
            foreach (var (family, sign) in families)
            {
                await ReadAsync(q, family, fromRollups, needed, 0, lastDay, null, (day, a, b, sums, _) =>
                {
                    if (!stock.TryGetValue((a, b), out var days))
                    {
                        stock[(a, b)] = days = [];
                    }
                    days[day] = days.GetValueOrDefault(day) + sign * sums.N;
                }, cancellationToken);
            }
            foreach (var ((a, b), days) in stock)
            {
                if (metric.Kind == MetricKind.BacklogAge)
                {
                    var cell = CellOf(periods[0], a, b);
                    foreach (var (day, count) in days)
                    {
                        cell.Days[day] = count;
                    }
                    continue;
                }
                foreach (var period in periods)
                {
                    var cell = CellOf(period, a, b);
                    cell.Days[0] = days.Where(d => d.Key <= Math.Min(period.End, q.To)).Sum(d => d.Value);
                }
            }
            if (cells.Count == 0 && q.Dimensions.Count == 0)
            {
                // Nothing ever arrived: the backlog is a count, and it is zero.
                foreach (var period in metric.Kind == MetricKind.Backlog ? periods : [periods[0]])
                {
                    CellOf(period, "", "");
                }
            }
            return new Computed(cells);
        }

        void Add(int day, string a, string b, Sums sums, IEnumerable<KeyValuePair<int, long>>? bins)
        {
            if (PeriodOf(day) is not { } period)
            {
                return;
            }
            var cell = CellOf(period, a, b);
            cell.Sums.Add(sums);
            if (bins is not null)
            {
                foreach (var (bin, count) in bins)
                {
                    cell.Sketch!.Add(bin, count);
                }
            }
        }
        // Whole months of the viewer's calendar come from month rows, the days around them from day rows.
        var monthly = fromRollups && q.Period is null or PeriodGranularity.Month or PeriodGranularity.Quarter or PeriodGranularity.Year;
        var (months, ranges) = monthly ? MetricPeriods.Split(q.From, q.To, q.Calendar) : (new List<(int Code, int Start)>(), new List<(int From, int To)> { (q.From, q.To) });
        foreach (var (from, to) in ranges)
        {
            await ReadAsync(q, metric.Family, fromRollups, needed, from, to, null, Add, cancellationToken);
        }
        if (months.Count > 0)
        {
            await ReadAsync(q, metric.Family, fromRollups, needed, 0, 0, months, Add, cancellationToken);
        }
        if (q.Period is not null)
        {
            // Every period of each series, so a trend shows its empty periods as such.
            foreach (var (a, b) in cells.Keys.Select(k => (k.A, k.B)).Distinct().ToList())
            {
                foreach (var period in periods)
                {
                    CellOf(period, a, b);
                }
            }
        }
        else if (cells.Count == 0 && q.Dimensions.Count == 0)
        {
            CellOf(periods[0], "", "");
        }
        return new Computed(cells);
    }

    private static Period Clip(Period period, Parsed q) => period with { Start = Math.Max(period.Start, q.From), End = Math.Min(period.End, q.To) };

    private delegate void Visit(int day, string a, string b, Sums sums, IEnumerable<KeyValuePair<int, long>>? bins);

    /// <summary>
    /// Feeds every (day, group keys) cell of one family to <paramref name="visit"/>, from the rollups or from the facts;
    /// with <paramref name="months"/> (codes and first days), those month rows instead of the days from…to.
    /// </summary>
    private async Task ReadAsync(Parsed q, MetricFamily family, bool fromRollups, List<MetricDimension> needed, int from, int to,
        IReadOnlyList<(int Code, int Start)>? months, Visit visit, CancellationToken cancellationToken)
    {
        var workspace = q.Workspace;
        var duration = MetricDefinitions.IsDuration(family);
        if (fromRollups)
        {
            var dimension = needed.Count == 0 ? MetricDimension.None : needed[0];
            var grouped = q.Dimensions.Contains(dimension);
            var rows = db.Set<MetricRollup>().AsNoTracking().Where(r => r.WorkspaceId == workspace && r.Family == family && r.Dimension == dimension);
            var binRows = db.Set<MetricHistogramBin>().AsNoTracking().Where(r => r.WorkspaceId == workspace && r.Family == family && r.Dimension == dimension);
            var startOf = months?.ToDictionary(m => m.Code, m => m.Start);
            if (months is not null)
            {
                var codes = months.Select(m => m.Code).ToList();
                rows = rows.Where(r => codes.Contains(r.Day));
                binRows = binRows.Where(r => codes.Contains(r.Day));
            }
            else
            {
                rows = rows.Where(r => r.Day >= from && r.Day <= to);
                binRows = binRows.Where(r => r.Day >= from && r.Day <= to);
            }
            if (q.Filters.TryGetValue(dimension, out var keys))
            {
                var list = keys.ToList();
                rows = rows.Where(r => list.Contains(r.Key));
                binRows = binRows.Where(r => list.Contains(r.Key));
            }
            var binsByCell = duration
                ? (await binRows.Select(b => new { b.Day, b.Key, b.Bin, b.N }).ToListAsync(cancellationToken)).ToLookup(b => (b.Day, b.Key), b => new KeyValuePair<int, long>(b.Bin, b.N))
                : null;
            foreach (var row in await rows.ToListAsync(cancellationToken))
            {
                var sums = new Sums();
                sums.Add(row);
                visit(startOf is null ? row.Day : startOf[row.Day], grouped ? row.Key : "", "", sums, binsByCell?[(row.Day, row.Key)]);
            }
            return;
        }

        var facts = Filtered(q, family).Where(f => f.Day >= from && f.Day <= to);
        var rowsFromFacts = await facts.Select(f => new { f.Day, f.SurveyId, f.TouchpointId, f.ChannelId, f.TeamId, f.AgentId, f.Language, f.Sentiment, f.Tags, f.Topics, f.Value }).ToListAsync(cancellationToken);
        var dimA = q.Dimensions.Count > 0 ? q.Dimensions[0] : MetricDimension.None;
        var dimB = q.Dimensions.Count > 1 ? q.Dimensions[1] : MetricDimension.None;
        foreach (var r in rowsFromFacts)
        {
            var fact = new MetricFact
            {
                Day = r.Day, SurveyId = r.SurveyId, TouchpointId = r.TouchpointId, ChannelId = r.ChannelId, TeamId = r.TeamId, AgentId = r.AgentId,
                Language = r.Language, Sentiment = r.Sentiment, Tags = r.Tags, Topics = r.Topics, Value = r.Value,
            };
            foreach (var a in MetricRollups.KeysOf(fact, dimA))
            {
                foreach (var b in MetricRollups.KeysOf(fact, dimB))
                {
                    var sums = new Sums();
                    sums.Add(r.Value, +1, !duration);
                    visit(r.Day, a, b, sums, duration ? [new KeyValuePair<int, long>(DurationSketch.BinOf(r.Value), 1)] : null);
                }
            }
        }
    }

    /// <summary>The facts of one family that pass every filter of the question.</summary>
    private IQueryable<MetricFact> Filtered(Parsed q, MetricFamily family)
    {
        var workspace = q.Workspace;
        var facts = db.Set<MetricFact>().AsNoTracking().Where(f => f.WorkspaceId == workspace && f.Family == family);
        foreach (var (dimension, values) in q.Filters)
        {
            facts = dimension switch
            {
                MetricDimension.Language => facts.Where(In<string?>(f => f.Language, values.Select(v => v.Length == 0 ? null : v).ToList())),
                MetricDimension.Sentiment => facts.Where(In<string?>(f => f.Sentiment, values.Select(v => v.Length == 0 ? null : v).ToList())),
                MetricDimension.Tag => facts.Where(AnyOf(f => f.Tags, values)),
                MetricDimension.Topic => facts.Where(AnyOf(f => f.Topics, values)),
                _ => facts.Where(In<Guid?>(GuidColumn(dimension), values.Select(v => v.Length == 0 ? (Guid?)null : Guid.ParseExact(v, "N")).ToList())),
            };
        }
        return facts;
    }

    private static Expression<Func<MetricFact, Guid?>> GuidColumn(MetricDimension dimension) => dimension switch
    {
        MetricDimension.Survey => f => f.SurveyId,
        MetricDimension.Touchpoint => f => f.TouchpointId,
        MetricDimension.Channel => f => f.ChannelId,
        MetricDimension.Team => f => f.TeamId,
        _ => f => f.AgentId,
    };

    /// <summary>column IN (values), with a null among the values meaning "or no value".</summary>
    private static Expression<Func<MetricFact, bool>> In<T>(Expression<Func<MetricFact, T>> column, List<T> values)
    {
        var parameter = column.Parameters[0];
        Expression body = Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(T)], Expression.Constant(values.Where(v => v is not null).ToList()), column.Body);
        if (values.Any(v => v is null))
        {
            body = Expression.OrElse(body, Expression.Equal(column.Body, Expression.Constant(null, typeof(T))));
        }
        return Expression.Lambda<Func<MetricFact, bool>>(body, parameter);
    }

    /// <summary>A " a b " list column holds any of the values (the empty value: holds none).</summary>
    private static Expression<Func<MetricFact, bool>> AnyOf(Expression<Func<MetricFact, string>> column, IEnumerable<string> values)
    {
        var parameter = column.Parameters[0];
        Expression? body = null;
        foreach (var value in values)
        {
            Expression test = value.Length == 0
                ? Expression.Equal(column.Body, Expression.Constant(""))
                : Expression.Call(column.Body, typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!, Expression.Constant(" " + value + " "));
            body = body is null ? test : Expression.OrElse(body, test);
        }
        return Expression.Lambda<Func<MetricFact, bool>>(body ?? Expression.Constant(true), parameter);
    }

    /// <summary>Names for the ids in the groups: channels, teams, people, surveys, touchpoints, topics.</summary>
    private async Task<Dictionary<string, string>> LabelsAsync(Guid workspaceId, IReadOnlyList<MetricDimension> dimensions, IEnumerable<(string Period, string A, string B)> keys, CancellationToken cancellationToken)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var list = keys.ToList();
        for (var i = 0; i < dimensions.Count; i++)
        {
            var dimension = dimensions[i];
            var values = list.Select(k => i == 0 ? k.A : k.B).Where(v => v.Length > 0).Distinct().ToList();
            var ids = values.Select(v => Guid.TryParseExact(v, "N", out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList();
            IEnumerable<(Guid Id, string Name)> named = dimension switch
            {
                MetricDimension.Channel => (await db.Channels.AsNoTracking().Where(c => c.WorkspaceId == workspaceId && ids.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken)).Select(x => (x.Id, x.Name)),
                MetricDimension.Team => (await db.Teams.AsNoTracking().Where(c => c.WorkspaceId == workspaceId && ids.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken)).Select(x => (x.Id, x.Name)),
                MetricDimension.Agent => (await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToListAsync(cancellationToken)).Select(x => (x.Id, x.DisplayName)),
                MetricDimension.Survey => (await db.Surveys.AsNoTracking().Where(c => c.WorkspaceId == workspaceId && ids.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken)).Select(x => (x.Id, x.Name)),
                MetricDimension.Touchpoint => (await db.Touchpoints.AsNoTracking().Where(c => c.WorkspaceId == workspaceId && ids.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken)).Select(x => (x.Id, x.Name)),
                _ => [],
            };
            foreach (var (id, name) in named)
            {
                labels[$"{MetricDefinitions.NameOf(dimension)}:{id:N}"] = name;
            }
        }
        return labels;
    }
}
