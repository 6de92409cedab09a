using System.Globalization;
using System.Net.Http.Json;
using CsCheck;
using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Features.Customers;
using Hamdel.Server.Features.FollowUps;
using Hamdel.Server.Features.Insights;
using Hamdel.Server.Features.Metrics;
using Hamdel.Server.Features.Surveys;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Localization;
using Hamdel.Testing;
using Microsoft.Extensions.DependencyInjection;
using Hamdel.Text.Sentiment;
using Microsoft.EntityFrameworkCore;
using static Hamdel.Server.Tests.Features.Surveys.SurveyTestData;

namespace Hamdel.Server.Tests.Features.Metrics;

/// <summary>
/// A server that shows every value however small the sample, so values can be compared one by one,
/// and rebuilds in pages of seven source rows, so a rebuild walks many pages of every kind.
/// </summary>
public class PropertyServer : MetricServer
{
    protected override int MinimumSample => 1;

    protected override int RebuildPageSize => 7;
}

public sealed class PropertySqliteServer : PropertyServer;

public sealed class PropertyPostgresServer : PropertyServer
{
    public override DatabaseKind Database => DatabaseKind.Postgres;
}

/// <summary>
/// Property tests (CsCheck, random seeds): random answers, conversations, follow-ups, customer tags
/// and text readings are written raw, then rolled up incrementally in random order, some twice, then
/// changed and rolled up again. The rollups must equal a rebuild from the raw rows, and random
/// questions (metric, period, calendar, groupings, filters) must give exactly what a plain
/// recomputation from the raw rows gives (percentiles: within the sketch's 2%).
/// </summary>
public abstract class RollupPropertyTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : PropertyServer
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly TimeZoneInfo Tehran = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran");
    private static readonly string[] Languages = ["en", "fa", "ar"];
    private static readonly string[] TagPool = ["vip", "wholesale", "new"];
    private static readonly string[] TopicPool = ["delivery", "price", "staff"];

    private sealed class RawAnswer
    {
        public Guid Id { get; init; }
        public int Survey { get; init; }
        public Guid Touchpoint { get; init; }
        public Guid? Channel { get; init; }
        public Guid? Team { get; init; }
        public Guid? Agent { get; init; }
        public required string Language { get; init; }
        public int Score { get; set; }
        public DateTimeOffset At { get; init; }
        public Guid Customer { get; init; }
        public SentimentLabel? Sentiment { get; set; }
        public string[] Topics { get; set; } = [];
    }

    private sealed class RawConversation
    {
        public Guid Id { get; init; }
        public Guid Customer { get; init; }
        public Guid Channel { get; init; }
        public Guid? Team { get; set; }
        public Guid? Agent { get; set; }
        public string? Language { get; init; }
        public DateTimeOffset Created { get; init; }
        public DateTimeOffset? FirstResponse { get; set; }
        public DateTimeOffset? Resolved { get; set; }
        public bool IsResolved { get; set; }
        public int Reopens { get; set; }
        public int Transfers { get; set; }
        public int Replies { get; set; }
        public Guid Message { get; init; }
        public SentimentLabel? Sentiment { get; set; }
        public string[] Topics { get; set; } = [];
    }

    private sealed record World(Guid Workspace, Guid[] Surveys, Guid[] Touchpoints, Guid[] Channels, Guid[] Teams, Guid[] Agents,
        Dictionary<Guid, HashSet<string>> Tags, List<RawAnswer> Answers, List<RawConversation> Conversations);

    [Fact]
    public async Task Rollups_RandomDataChangesAndRedelivery_EqualRebuildAndRecomputationFromRawRows() =>
        await Gen.Int[0, int.MaxValue].SampleAsync(RunAsync, iter: 6, threads: 1);

    private async Task RunAsync(int seed)
    {
        var random = new Random(seed);
        var world = await CreateWorldAsync(random);
        await using (var scope = server.Services.CreateAsyncScope())
        {
            // Built once empty, so everything after is incremental.
            await scope.ServiceProvider.GetRequiredService<MetricRollups>().RebuildAsync(world.Workspace, Ct);
        }
        await WriteRawAsync(world, random);
        await ReconcileAsync(world, random, world.Answers.Select(a => a.Id), world.Conversations.Select(c => c.Id));

        // Change a third of everything (scores, readings, tags, statuses) and tell the rollups about the changed rows only.
        var changedAnswers = world.Answers.Where(_ => random.NextDouble() < 0.33).ToList();
        var changedConversations = world.Conversations.Where(_ => random.NextDouble() < 0.33).ToList();
        var retagged = world.Tags.Keys.Where(_ => random.NextDouble() < 0.3).ToList();
        await MutateAsync(world, random, changedAnswers, changedConversations, retagged);
        await ReconcileAsync(world, random,
            changedAnswers.Select(a => a.Id).Concat(world.Answers.Where(a => retagged.Contains(a.Customer)).Select(a => a.Id)),
            changedConversations.Select(c => c.Id).Concat(world.Conversations.Where(c => retagged.Contains(c.Customer)).Select(c => c.Id)));

        var incremental = await server.QueryAsync(db => MetricRollupRows.SnapshotAsync(db, world.Workspace, Ct));
        await using (var scope = server.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<MetricRollups>().RebuildAsync(world.Workspace, Ct);
        }
        var rebuilt = await server.QueryAsync(db => MetricRollupRows.SnapshotAsync(db, world.Workspace, Ct));
        Assert.Equal(rebuilt.Order(StringComparer.Ordinal), incremental.Order(StringComparer.Ordinal));

        for (var i = 0; i < 30; i++)
        {
            await CheckQueryAsync(world, random);
        }
    }

    private async Task<World> CreateWorldAsync(Random random)
    {
        var workspace = await server.NewWorkspaceAsync();
        using var admin = await server.AdminAsync();
        var touchpoints = new[] { (await TouchpointAsync(admin, workspace, "a", "A")).Id, (await TouchpointAsync(admin, workspace, "b", "B")).Id };
        var surveys = new List<Guid> { (await NpsAsync(admin, workspace, touchpoints[0])).Id };
        foreach (var type in new[] { "Csat", "Ces" })
        {
            var response = await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/surveys", new { name = type, touchpointId = touchpoints[1], definition = new { type, question = new { en = "How was it?" } } }, Ct);
            surveys.Add((await response.ReadAsync<SurveyDto>()).Id);
        }
        var channels = new[] { (await server.NewApiChannelAsync(workspace)).Id, (await server.NewApiChannelAsync(workspace)).Id };
        var teams = new[] { Guid.NewGuid(), Guid.NewGuid() };
        var agents = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        var tags = Enumerable.Range(0, 8).ToDictionary(_ => Guid.CreateVersion7(), _ => TagPool.Where(_ => random.NextDouble() < 0.4).ToHashSet());
        return new World(workspace, [.. surveys], touchpoints, channels, teams, agents, tags, [], []);
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static T? Maybe<T>(Random random, IReadOnlyList<T> items) where T : struct => random.NextDouble() < 0.2 ? null : Pick(random, items);

    private static DateTimeOffset RandomInstant(Random random) =>
        new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(0, 365 * 24 * 60));

    private static (SentimentLabel?, string[]) RandomReading(Random random) => random.NextDouble() < 0.3
        ? (null, [])
        : (Pick(random, [SentimentLabel.Negative, SentimentLabel.Neutral, SentimentLabel.Positive]), [.. TopicPool.Where(_ => random.NextDouble() < 0.4)]);

    private async Task WriteRawAsync(World world, Random random)
    {
        var customers = world.Tags.Keys.ToList();
        for (var i = 0; i < 60; i++)
        {
            var survey = random.Next(3);
            var (sentiment, topics) = RandomReading(random);
            world.Answers.Add(new RawAnswer
            {
                Id = Guid.CreateVersion7(), Survey = survey, Touchpoint = Pick(random, world.Touchpoints), Channel = Maybe(random, world.Channels),
                Team = Maybe(random, world.Teams), Agent = Maybe(random, world.Agents), Language = Pick(random, Languages),
                Score = RandomScore(random, survey), At = RandomInstant(random), Customer = Pick(random, customers), Sentiment = sentiment, Topics = topics,
            });
        }
        for (var i = 0; i < 30; i++)
        {
            var created = RandomInstant(random);
            var (sentiment, topics) = RandomReading(random);
            var resolved = random.NextDouble() < 0.7;
            world.Conversations.Add(new RawConversation
            {
                Id = Guid.CreateVersion7(), Customer = Pick(random, customers), Channel = Pick(random, world.Channels), Team = Maybe(random, world.Teams), Agent = Maybe(random, world.Agents),
                Language = random.NextDouble() < 0.2 ? null : Pick(random, Languages), Created = created,
                FirstResponse = random.NextDouble() < 0.8 ? created.AddSeconds(random.Next(0, 200_000)) : null,
                IsResolved = resolved, Resolved = resolved ? created.AddSeconds(random.Next(60, 2_000_000)) : null,
                Reopens = random.Next(0, 3) == 0 ? 1 : 0, Transfers = random.Next(0, 3), Replies = random.Next(0, 6), Message = Guid.CreateVersion7(),
                Sentiment = sentiment, Topics = topics,
            });
        }
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HamdelDbContext>();
        var ws = world.Workspace;
        var number = 0;
        foreach (var (customer, tags) in world.Tags)
        {
            db.Customers.Add(new Customer { Id = customer, WorkspaceId = ws, DisplayName = "c" + customer.ToString("N")[..6] });
            db.CustomerTags.AddRange(tags.Select(t => new CustomerTag { CustomerId = customer, WorkspaceId = ws, Tag = t }));
        }
        foreach (var a in world.Answers)
        {
            db.SurveyAnswers.Add(new SurveyAnswer
            {
                Id = a.Id, WorkspaceId = ws, SurveyId = world.Surveys[a.Survey], SurveyVersion = 1, TouchpointId = a.Touchpoint, CustomerId = a.Customer,
                ChannelId = a.Channel, TeamId = a.Team, AgentId = a.Agent, Language = a.Language, Source = AnswerSource.Import, Score = a.Score,
                Comment = a.Sentiment is null ? null : "comment", AnsweredAt = a.At, UpdatedAt = a.At,
            });
            if (a.Sentiment is { } s)
            {
                db.TextInsights.Add(Insight(ws, InsightSubject.SurveyComment, a.Id, s, a.Topics));
            }
            if (random.NextDouble() < 0.3)
            {
                var contacted = random.NextDouble() < 0.6 ? a.At.AddSeconds(random.Next(0, 300_000)) : (DateTimeOffset?)null;
                db.FollowUpCases.Add(new FollowUpCase
                {
                    WorkspaceId = ws, AnswerId = a.Id, SurveyId = world.Surveys[a.Survey], CustomerId = a.Customer, TeamId = a.Team, OwnerUserId = a.Agent,
                    Status = Pick(random, Enum.GetValues<FollowUpStatus>()), Reason = "r", CreatedAt = a.At, UpdatedAt = a.At, DueAt = a.At, ContactedAt = contacted,
                });
            }
        }
        foreach (var c in world.Conversations)
        {
            db.Conversations.Add(new Conversation
            {
                Id = c.Id, WorkspaceId = ws, Number = ++number, CustomerId = c.Customer, ChannelId = c.Channel, TeamId = c.Team, AssigneeId = c.Agent, Language = c.Language,
                Status = c.IsResolved ? ConversationStatus.Resolved : ConversationStatus.Open, CreatedAt = c.Created, UpdatedAt = c.Created, LastMessageAt = c.Created,
                FirstResponseAt = c.FirstResponse, ResolvedAt = c.Resolved, ReopenCount = c.Reopens, TeamTransferCount = c.Transfers, AgentReplyCount = c.Replies,
            });
            db.Messages.Add(new Message { Id = c.Message, WorkspaceId = ws, ConversationId = c.Id, ChannelId = c.Channel, Direction = MessageDirection.Inbound, Author = MessageAuthor.Customer, Text = "hi", SentAt = c.Created, CreatedAt = c.Created });
            if (c.Sentiment is { } s)
            {
                db.TextInsights.Add(Insight(ws, InsightSubject.Message, c.Message, s, c.Topics));
            }
        }
        await db.SaveChangesAsync(Ct);
    }

    private static int RandomScore(Random random, int survey) => survey switch { 0 => random.Next(0, 11), 1 => random.Next(1, 6), _ => random.Next(1, 8) };

    private static TextInsight Insight(Guid ws, InsightSubject subject, Guid id, SentimentLabel sentiment, string[] topics) => new()
    {
        WorkspaceId = ws, Subject = subject, SubjectId = id, Language = "en", Sentiment = sentiment, Topics = TextInsight.JoinTopics(topics), ModelVersion = "test",
    };

    private async Task MutateAsync(World world, Random random, List<RawAnswer> answers, List<RawConversation> conversations, List<Guid> retagged)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HamdelDbContext>();
        foreach (var a in answers)
        {
            a.Score = RandomScore(random, a.Survey);
            await db.SurveyAnswers.Where(x => x.Id == a.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Score, a.Score), Ct);
            if (a.Sentiment is not null)
            {
                var (sentiment, topics) = RandomReading(random);
                a.Sentiment = sentiment ?? SentimentLabel.Neutral;
                a.Topics = topics;
                var joined = TextInsight.JoinTopics(a.Topics);
                await db.TextInsights.Where(i => i.SubjectId == a.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Sentiment, a.Sentiment.Value).SetProperty(i => i.Topics, joined), Ct);
            }
        }
        foreach (var c in conversations)
        {
            c.IsResolved = !c.IsResolved;
            c.Resolved ??= c.Created.AddHours(5);
            c.Reopens += c.IsResolved ? 0 : 1;
            c.Team = Maybe(random, world.Teams);
            c.FirstResponse ??= c.Created.AddMinutes(random.Next(1, 500));
            await db.Conversations.Where(x => x.Id == c.Id).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, c.IsResolved ? ConversationStatus.Resolved : ConversationStatus.Open)
                .SetProperty(x => x.ResolvedAt, c.Resolved).SetProperty(x => x.ReopenCount, c.Reopens).SetProperty(x => x.TeamId, c.Team)
                .SetProperty(x => x.FirstResponseAt, c.FirstResponse), Ct);
        }
        foreach (var customer in retagged)
        {
            world.Tags[customer] = TagPool.Where(_ => random.NextDouble() < 0.5).ToHashSet();
            await db.CustomerTags.Where(t => t.CustomerId == customer).ExecuteDeleteAsync(Ct);
            db.CustomerTags.AddRange(world.Tags[customer].Select(t => new CustomerTag { CustomerId = customer, WorkspaceId = world.Workspace, Tag = t }));
        }
        await db.SaveChangesAsync(Ct);
    }

    /// <summary>Reconciles the rows in random order and chunks, every row at least once and some twice (as redelivered events).</summary>
    private async Task ReconcileAsync(World world, Random random, IEnumerable<Guid> answers, IEnumerable<Guid> conversations)
    {
        var answerIds = answers.Distinct().ToList();
        var conversationIds = conversations.Distinct().ToList();
        var caseIds = await server.QueryAsync(db => db.FollowUpCases.Where(c => c.WorkspaceId == world.Workspace && answerIds.Contains(c.AnswerId)).Select(c => c.Id).ToListAsync(Ct));
        var work = answerIds.Select(id => (MetricSource.Answer, id))
            .Concat(conversationIds.Select(id => (MetricSource.Conversation, id)))
            .Concat(caseIds.Select(id => (MetricSource.FollowUp, id)))
            .ToList();
        work.AddRange(work.Where(_ => random.NextDouble() < 0.25).ToList());
        foreach (var batch in work.OrderBy(_ => random.Next()).Chunk(random.Next(1, 12)))
        {
            await using var scope = server.Services.CreateAsyncScope();
            var rollups = scope.ServiceProvider.GetRequiredService<MetricRollups>();
            foreach (var group in batch.GroupBy(w => w.Item1))
            {
                await rollups.ReconcileAsync(world.Workspace, group.Key, [.. group.Select(g => g.id)], Ct);
            }
        }
    }

    // ---- the plain recomputation ----

    private static readonly string[] Metrics = ["nps", "csat", "csat-mean", "ces", "ces-easy", "fcr", "reopen-rate", "transfers", "replies-to-resolve", "first-response-time", "resolution-time"];

    private sealed record Row(int Day, IReadOnlyDictionary<MetricDimension, string[]> Keys, long Value);

    private static int Day(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Tehran).DateTime).DayNumber;

    private static string[] One(Guid? id) => [id is { } g ? g.ToString("N") : ""];

    private static string[] Many(IEnumerable<string> values)
    {
        var list = values.ToArray();
        return list.Length == 0 ? [""] : list;
    }

    private static List<Row> RowsOf(World world, string metric)
    {
        var answers = metric switch
        {
            "nps" => world.Answers.Where(a => a.Survey == 0),
            "csat" or "csat-mean" => world.Answers.Where(a => a.Survey == 1),
            "ces" or "ces-easy" => world.Answers.Where(a => a.Survey == 2),
            _ => null,
        };
        if (answers is not null)
        {
            return [.. answers.Select(a => new Row(Day(a.At), new Dictionary<MetricDimension, string[]>
            {
                [MetricDimension.Survey] = One(world.Surveys[a.Survey]), [MetricDimension.Touchpoint] = One(a.Touchpoint), [MetricDimension.Channel] = One(a.Channel),
                [MetricDimension.Team] = One(a.Team), [MetricDimension.Agent] = One(a.Agent), [MetricDimension.Language] = [a.Language],
                [MetricDimension.Sentiment] = [a.Sentiment?.ToString().ToLowerInvariant() ?? ""], [MetricDimension.Topic] = Many(a.Topics),
                [MetricDimension.Tag] = Many(world.Tags[a.Customer]),
            }, a.Score))];
        }
        var resolved = world.Conversations.Where(c => c.IsResolved);
        var source = metric == "first-response-time" ? world.Conversations.Where(c => c.FirstResponse is not null) : resolved;
        return [.. source.Select(c => new Row(Day(metric == "first-response-time" ? c.FirstResponse!.Value : c.Resolved!.Value), new Dictionary<MetricDimension, string[]>
        {
            [MetricDimension.Channel] = One(c.Channel), [MetricDimension.Team] = One(c.Team), [MetricDimension.Agent] = One(c.Agent), [MetricDimension.Language] = [c.Language ?? ""],
            [MetricDimension.Sentiment] = [c.Sentiment?.ToString().ToLowerInvariant() ?? ""], [MetricDimension.Topic] = Many(c.Topics), [MetricDimension.Tag] = Many(world.Tags[c.Customer]),
        }, metric switch
        {
            "fcr" => c.Reopens == 0 && c.Transfers == 0 ? 1 : 0,
            "reopen-rate" => c.Reopens > 0 ? 1 : 0,
            "transfers" => c.Transfers,
            "replies-to-resolve" => c.Replies,
            "first-response-time" => (long)(c.FirstResponse!.Value - c.Created).TotalSeconds,
            _ => (long)(c.Resolved!.Value - c.Created).TotalSeconds,
        }))];
    }

    private static double? Expected(string metric, List<long> values)
    {
        if (values.Count == 0)
        {
            return null;
        }
        double n = values.Count;
        switch (metric)
        {
            case "nps":
                return 100 * (values.Count(v => v >= 9) - values.Count(v => v <= 6)) / n;
            case "csat":
                return 100 * values.Count(v => v >= 4) / n;
            case "ces-easy":
                return 100 * values.Count(v => v >= 5) / n;
            case "fcr" or "reopen-rate":
                return 100 * values.Count(v => v == 1) / n;
            case "first-response-time" or "resolution-time":
                var sorted = values.Order().ToList();
                return sorted[(int)Math.Ceiling(0.5 * n - 1e-9) - 1];
            default:
                return values.Average();
        }
    }

    private async Task CheckQueryAsync(World world, Random random)
    {
        var metric = Pick(random, Metrics);
        var definition = MetricDefinitions.Find(metric)!;
        var dims = definition.Dimensions;
        var period = Pick(random, new[] { null, "day", "month", "year" });
        var calendar = Pick(random, new[] { CalendarKind.Gregorian, CalendarKind.Persian });
        var groups = dims.Where(_ => random.NextDouble() < 0.25).Take(period is null ? 2 : 1).ToList();
        var all = RowsOf(world, metric);
        var filters = new Dictionary<MetricDimension, string[]>();
        foreach (var d in dims.Where(_ => random.NextDouble() < 0.25))
        {
            var seen = all.SelectMany(r => r.Keys[d]).Distinct().ToList();
            if (seen.Count > 0)
            {
                filters[d] = [.. seen.Where(_ => random.NextDouble() < 0.5).DefaultIfEmpty(seen[0])];
            }
        }
        var from = new DateOnly(2025, 1, 1).AddDays(random.Next(0, 200));
        var to = from.AddDays(random.Next(0, 200));
        var request = new MetricRequest(from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            string.Join(",", (period is null ? [] : new[] { period }).Concat(groups.Select(MetricDefinitions.NameOf))),
            [.. filters.Select(f => $"{MetricDefinitions.NameOf(f.Key)}:{string.Join("|", f.Value.Select(v => v.Length == 0 ? "none" : v))}")], calendar.ToString());
        var description = $"{metric} {request}";

        var actual = await server.QueryAsync(async db =>
        {
            await using var scope = server.Services.CreateAsyncScope();
            var queries = scope.ServiceProvider.GetRequiredService<MetricQueries>();
            var member = new CurrentMember(world.Workspace, Guid.NewGuid(), Guid.NewGuid(), WorkspaceRole.Admin);
            return await queries.GetAsync(member, metric, request, CalendarKind.Gregorian, Ct);
        });
        Assert.True(actual.Succeeded, description + ": " + actual.Failure?.Detail);

        // The recomputation: keep the rows of the days and filters, group them by hand.
        var expected = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        foreach (var row in all.Where(r => r.Day >= from.DayNumber && r.Day <= to.DayNumber && filters.All(f => r.Keys[f.Key].Any(f.Value.Contains))))
        {
            var periodKey = period is null ? "" : PeriodKey(row.Day, period, calendar);
            var a = groups.Count > 0 ? row.Keys[groups[0]] : [""];
            var b = groups.Count > 1 ? row.Keys[groups[1]] : [""];
            foreach (var ka in a)
            {
                foreach (var kb in b)
                {
                    var key = $"{periodKey}|{ka}|{kb}";
                    (expected.TryGetValue(key, out var list) ? list : expected[key] = []).Add(row.Value);
                }
            }
        }
        var got = actual.Value!.Values.Where(v => v.N > 0).ToDictionary(v =>
            $"{v.Group.GetValueOrDefault("period", "")}|{(groups.Count > 0 ? v.Group[MetricDefinitions.NameOf(groups[0])] : "")}|{(groups.Count > 1 ? v.Group[MetricDefinitions.NameOf(groups[1])] : "")}", v => v);
        Assert.True(expected.Keys.Order(StringComparer.Ordinal).SequenceEqual(got.Keys.Order(StringComparer.Ordinal)),
            $"{description}: groups {string.Join(" ", expected.Keys.Order())} expected, got {string.Join(" ", got.Keys.Order())}");
        foreach (var (key, values) in expected)
        {
            var value = got[key];
            Assert.True(values.Count == value.N, $"{description} {key}: n {values.Count} expected, got {value.N}");
            var want = Expected(metric, values)!.Value;
            var tolerance = definition.IsDuration ? DurationSketch.RelativeError * want + 1e-6 : 1e-3;
            Assert.True(Math.Abs(want - value.Value!.Value) <= tolerance, $"{description} {key}: {want} expected, got {value.Value}");
        }

        // Without a period, each group is compared with the rest: the rows under the same filters that are not in it.
        if (period is null && groups.Count > 0)
        {
            var filtered = all.Where(r => r.Day >= from.DayNumber && r.Day <= to.DayNumber && filters.All(f => r.Keys[f.Key].Any(f.Value.Contains))).ToList();
            foreach (var (key, values) in expected)
            {
                var parts = key.Split('|');
                var rest = filtered.Where(r => !(r.Keys[groups[0]].Contains(parts[1]) && (groups.Count < 2 || r.Keys[groups[1]].Contains(parts[2])))).Select(r => r.Value).ToList();
                var change = got[key].Change;
                if (rest.Count == 0)
                {
                    Assert.True(change is null, $"{description} {key}: no rest, yet a change");
                    continue;
                }
                Assert.True(change is not null, $"{description} {key}: no change against a rest of {rest.Count}");
                var (mine, theirs) = (Expected(metric, values)!.Value, Expected(metric, rest)!.Value);
                var tolerance = definition.IsDuration ? DurationSketch.RelativeError * (Math.Abs(mine) + Math.Abs(theirs)) + 1e-6 : 1e-3;
                Assert.True(Math.Abs(mine - theirs - change.Difference) <= tolerance, $"{description} {key}: {mine - theirs} against the rest expected, got {change.Difference}");
            }
        }
    }

    private static string PeriodKey(int day, string period, CalendarKind calendar)
    {
        var date = DateOnly.FromDayNumber(day).ToDateTime(TimeOnly.MinValue);
        System.Globalization.Calendar cal = calendar == CalendarKind.Persian ? new PersianCalendar() : new GregorianCalendar();
        var (y, m, d) = (cal.GetYear(date), cal.GetMonth(date), cal.GetDayOfMonth(date));
        return period switch
        {
            "day" => string.Create(CultureInfo.InvariantCulture, $"{y:0000}-{m:00}-{d:00}"),
            "month" => string.Create(CultureInfo.InvariantCulture, $"{y:0000}-{m:00}"),
            _ => y.ToString("0000", CultureInfo.InvariantCulture),
        };
    }
}

public sealed class RollupPropertyTestsOnSqlite(PropertySqliteServer server) : RollupPropertyTests<PropertySqliteServer>(server);

public sealed class RollupPropertyTestsOnPostgres(PropertyPostgresServer server) : RollupPropertyTests<PropertyPostgresServer>(server);
