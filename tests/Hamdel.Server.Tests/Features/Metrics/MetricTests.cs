using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hamdel.Server.Features.Surveys;
using Hamdel.Server.Features.Teams;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Hamdel.Server.Tests.Features.Surveys.SurveyTestData;

namespace Hamdel.Server.Tests.Features.Metrics;

/// <summary>A server whose metrics show a number from ten answers (the default minimum is 30).</summary>
public class MetricServer : HamdelServer
{
    protected virtual int MinimumSample => 10;

    protected virtual int RebuildPageSize => 20_000;

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Hamdel:Metrics:MinimumSample", MinimumSample.ToString(CultureInfo.InvariantCulture)),
        new("Hamdel:Metrics:RebuildPageSize", RebuildPageSize.ToString(CultureInfo.InvariantCulture)),
    ];
}

public sealed class MetricSqliteServer : MetricServer;

public sealed class MetricPostgresServer : MetricServer
{
    public override DatabaseKind Database => DatabaseKind.Postgres;
}

/// <summary>
/// The metrics API end to end: answers imported through the API, rolled up by the outbox handler,
/// read back with hand-computed values, the Jalali month, validation, access and export.
/// </summary>
public abstract class MetricTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : MetricServer
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(Guid Workspace, HttpClient Admin, SurveyDto Survey)> SetUpAsync()
    {
        var workspace = await server.NewWorkspaceAsync(); // Asia/Tehran
        var admin = await server.AdminAsync();
        var touchpoint = await TouchpointAsync(admin, workspace);
        var survey = await NpsAsync(admin, workspace, touchpoint.Id);
        return (workspace, admin, survey);
    }

    /// <summary>Imports answers (UTC instants and scores) and waits until the metrics have them.</summary>
    private async Task ImportAsync(HttpClient admin, Guid workspace, Guid survey, IEnumerable<(DateTimeOffset At, int Score)> answers, string? channel = null)
    {
        var csv = new StringBuilder(channel is null ? "date,email,score\n" : "date,email,score,channel\n");
        foreach (var (at, score) in answers)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ},{Unique("m")},{score}{(channel is null ? "" : "," + channel)}\n");
        }
        var response = await admin.PostAsync($"/api/v1/workspaces/{workspace}/surveys/{survey}/answers/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await SettledAsync(workspace);
    }

    /// <summary>Until every event of the workspace was handled (by the pump or by the background dispatcher, which may hold one).</summary>
    private async Task SettledAsync(Guid workspace)
    {
        await server.PumpAsync();
        await HamdelServer.EventuallyAsync(async () => !await server.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(
            db.OutboxEvents, e => e.WorkspaceId == workspace && e.ProcessedAt == null, Ct)), "the workspace's events are handled");
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task Nps_TenImportedAnswers_HandComputedValueAndInterval_AndFewerIsNotEnoughData()
    {
        var (workspace, admin, survey) = await SetUpAsync();
        using var _ = admin;
        var day = new DateTimeOffset(2025, 6, 10, 9, 0, 0, TimeSpan.Zero);
        int[] scores = [10, 10, 9, 9, 9, 8, 7, 6, 3, 0];
        await ImportAsync(admin, workspace, survey.Id, scores.Select((s, i) => (day.AddMinutes(i), s)));

        var result = await GetAsync(admin, $"/api/v1/workspaces/{workspace}/metrics/nps?from=2025-06-01&to=2025-06-30");
        var total = Assert.Single(result.GetProperty("values").EnumerateArray());
        Assert.Equal("nps", result.GetProperty("metric").GetString());
        Assert.Equal(10, total.GetProperty("n").GetInt64());
        Assert.True(total.GetProperty("enough").GetBoolean());
        Assert.Equal(20, total.GetProperty("value").GetDouble(), 6);
        Assert.Equal(-34.0325, total.GetProperty("low").GetDouble(), 1e-3);
        Assert.Equal(74.0325, total.GetProperty("high").GetDouble(), 1e-3);
        // The score distribution behind it.
        Assert.Equal([1, 0, 0, 1, 0, 0, 1, 1, 1, 3, 2], total.GetProperty("distribution").EnumerateArray().Select(e => e.GetInt64()));

        // Nine answers are below the minimum of ten: no number, just n and "not enough".
        var fewer = await GetAsync(admin, $"/api/v1/workspaces/{workspace}/metrics/nps?from=2025-06-10&to=2025-06-10&filter=survey:{survey.Id}&groupBy=day");
        var only = fewer.GetProperty("values").EnumerateArray().Single(v => v.GetProperty("n").GetInt64() > 0);
        Assert.Equal(10, only.GetProperty("n").GetInt64());
        await ImportAsync(admin, workspace, survey.Id, [(day.AddDays(5), 10)]);
        var single = await GetAsync(admin, $"/api/v1/workspaces/{workspace}/metrics/nps?from=2025-06-15&to=2025-06-15");
        var value = Assert.Single(single.GetProperty("values").EnumerateArray());
        Assert.False(value.GetProperty("enough").GetBoolean());
        Assert.Equal(JsonValueKind.Null, value.GetProperty("value").ValueKind);
        Assert.Equal(1, value.GetProperty("n").GetInt64());

        // Drilling into the ten lists exactly those answers.
        var items = await GetAsync(admin, $"/api/v1/workspaces/{workspace}/metrics/nps/items?from=2025-06-10&to=2025-06-10&limit=50");
        Assert.Equal(scores.Order(), items.GetProperty("items").EnumerateArray().Select(i => (int)i.GetProperty("value").GetInt64()).Order());
    }

    [Fact]
    public async Task BreakdownByChannel_EachGroupAgainstTheRest_HandComputedDifferenceAndSignificance()
    {
        var (workspace, admin, survey) = await SetUpAsync();
        using var _ = admin;
        foreach (var name in new[] { "Shop", "Phone" })
        {
            (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/channels", new { kind = "api", name }, Ct)).EnsureSuccessStatusCode();
        }
        var day = new DateTimeOffset(2025, 6, 10, 9, 0, 0, TimeSpan.Zero);
        // Shop: 12 promoters, 6 passives, 2 detractors of 20 (NPS 50). Phone: 4, 6, 10 of 20 (NPS −30).
        int[] shop = [.. Enumerable.Repeat(10, 12), .. Enumerable.Repeat(8, 6), 3, 3];
        int[] phone = [.. Enumerable.Repeat(9, 4), .. Enumerable.Repeat(7, 6), .. Enumerable.Repeat(2, 10)];
        await ImportAsync(admin, workspace, survey.Id, shop.Select((s, i) => (day.AddMinutes(i), s)), "Shop");
        await ImportAsync(admin, workspace, survey.Id, phone.Select((s, i) => (day.AddDays(10).AddMinutes(i), s)), "Phone");
        // And nine more by phone on 5 June, outside the first question's range.
        await ImportAsync(admin, workspace, survey.Id, Enumerable.Range(0, 9).Select(i => (day.AddDays(-5).AddMinutes(i), 10)), "Phone");

        var result = await GetAsync(admin, $"/api/v1/workspaces/{workspace}/metrics/nps?from=2025-06-10&to=2025-06-30&groupBy=channel");
        var labels = result.GetProperty("labels");
        var byName = result.GetProperty("values").EnumerateArray()
            .ToDictionary(v => labels.GetProperty("channel:" + v.GetProperty("group").GetProperty("channel").GetString()).GetString()!);
        Assert.Equal(50, byName["Shop"].GetProperty("value").GetDouble(), 6);
        Assert.Equal(-30, byName["Phone"].GetProperty("value").GetDouble(), 6);
        // Against the rest (here: the other channel). Variances (p + d − (p − d)²)/n: 0.45/20 and 0.61/20;
        // se = √0.053 = 0.23022 → 80 ± 1.96 · 23.022 points, z = 3.475, p = 0.00051.
        var change = byName["Shop"].GetProperty("change");
        Assert.Equal(80, change.GetProperty("difference").GetDouble(), 6);
        Assert.Equal(34.877, change.GetProperty("low").GetDouble(), 0.01);
        Assert.Equal(125.123, change.GetProperty("high").GetDouble(), 0.01);
        Assert.Equal(0.00051, change.GetProperty("pValue").GetDouble(), 0.00002);
        Assert.True(change.GetProperty("significant").GetBoolean());
        Assert.Equal(-80, byName["Phone"].GetProperty("change").GetProperty("difference").GetDouble(), 6);

        // 1–10 June: the shop's 20 answers against a rest of nine, below the minimum of ten: no comparison.
        var early = await GetAsync(admin, $"/api/v1/workspaces/{workspace}/metrics/nps?from=2025-06-01&to=2025-06-10&groupBy=channel");
        var shopEarly = early.GetProperty("values").EnumerateArray().Single(v => v.GetProperty("n").GetInt64() == 20);
        Assert.True(shopEarly.GetProperty("enough").GetBoolean());
        Assert.True(!shopEarly.TryGetProperty("change", out var none) || none.ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task Nps_Farvardin1404_CountsExactlyTheAnswersFrom21MarchTo20April2025InTehran()
    {
        var (workspace, admin, survey) = await SetUpAsync();
        using var _ = admin;
        var tehran = TimeSpan.FromHours(3.5);
        (DateTimeOffset At, int Score)[] answers =
        [
            (new DateTimeOffset(2025, 3, 20, 23, 59, 0, tehran), 0),   // last minute of Esfand 1403
            (new DateTimeOffset(2025, 3, 21, 0, 0, 0, tehran), 10),    // first of Farvardin (still 20 March in UTC)
            (new DateTimeOffset(2025, 4, 1, 12, 0, 0, tehran), 9),
            (new DateTimeOffset(2025, 4, 20, 23, 59, 0, tehran), 9),   // last minute of Farvardin (20:29 UTC)
            (new DateTimeOffset(2025, 4, 21, 0, 1, 0, tehran), 2),     // Ordibehesht
        ];
        await ImportAsync(admin, workspace, survey.Id, answers);

        var jalali = await GetAsync(admin, $"/api/v1/workspaces/{workspace}/metrics/nps?from=2025-03-01&to=2025-05-31&groupBy=month&calendar=persian");
        var months = jalali.GetProperty("values").EnumerateArray().ToDictionary(v => v.GetProperty("group").GetProperty("period").GetString()!, v => v);
        Assert.Equal(["1403-12", "1404-01", "1404-02", "1404-03"], months.Keys);
        Assert.Equal(3, months["1404-01"].GetProperty("n").GetInt64());
        Assert.Equal(("2025-03-21", "2025-04-20"), (months["1404-01"].GetProperty("periodStart").GetString(), months["1404-01"].GetProperty("periodEnd").GetString()));
        Assert.Equal(1, months["1403-12"].GetProperty("n").GetInt64());
        Assert.Equal(1, months["1404-02"].GetProperty("n").GetInt64());
        Assert.Equal("Persian", jalali.GetProperty("calendar").GetString());
        Assert.Equal("Asia/Tehran", jalali.GetProperty("timeZone").GetString());

        // The same days read by a Gregorian viewer: March has two, April three.
        var gregorian = await GetAsync(admin, $"/api/v1/workspaces/{workspace}/metrics/nps?from=2025-03-01&to=2025-04-30&groupBy=month");
        Assert.Equal([2L, 3L], gregorian.GetProperty("values").EnumerateArray().Select(v => v.GetProperty("n").GetInt64()));

        // And the drill-down of Farvardin lists those three answers.
        var items = await GetAsync(admin, $"/api/v1/workspaces/{workspace}/metrics/nps/items?from=2025-03-21&to=2025-04-20");
        Assert.Equal([9L, 9L, 10L], items.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("value").GetInt64()).Order());
    }

    [Fact]
    public async Task BadMetricGroupByFilterOrDates_ValidationProblemNamingTheField()
    {
        var (workspace, admin, _) = await SetUpAsync();
        using var __ = admin;
        var root = $"/api/v1/workspaces/{workspace}/metrics";
        await (await admin.GetAsync($"{root}/happiness", Ct)).AssertFieldErrorAsync("metric");
        await (await admin.GetAsync($"{root}/nps?groupBy=colour", Ct)).AssertFieldErrorAsync("groupBy");
        await (await admin.GetAsync($"{root}/nps?groupBy=channel,team,agent", Ct)).AssertFieldErrorAsync("groupBy");
        await (await admin.GetAsync($"{root}/nps?groupBy=month,week", Ct)).AssertFieldErrorAsync("groupBy");
        await (await admin.GetAsync($"{root}/first-response-time?groupBy=survey", Ct)).AssertFieldErrorAsync("groupBy");
        await (await admin.GetAsync($"{root}/nps?filter=colour:red", Ct)).AssertFieldErrorAsync("filter");
        await (await admin.GetAsync($"{root}/nps?filter=channel:not-an-id", Ct)).AssertFieldErrorAsync("filter");
        await (await admin.GetAsync($"{root}/nps?filter=sentiment:angry", Ct)).AssertFieldErrorAsync("filter");
        await (await admin.GetAsync($"{root}/nps?from=1404-01-01x", Ct)).AssertFieldErrorAsync("from");
        await (await admin.GetAsync($"{root}/nps?from=2025-05-01&to=2025-04-01", Ct)).AssertFieldErrorAsync("to");
        await (await admin.GetAsync($"{root}/nps?calendar=mayan", Ct)).AssertFieldErrorAsync("calendar");
        await (await admin.GetAsync($"{root}/nps/export?format=pdf", Ct)).AssertFieldErrorAsync("format");
        await (await admin.GetAsync($"{root}/backlog-age?groupBy=month", Ct)).AssertFieldErrorAsync("groupBy");
    }

    [Fact]
    public async Task AgentSeesOwnNumbers_SupervisorTheirTeams_AnalystAll()
    {
        var (workspace, admin, survey) = await SetUpAsync();
        using var _ = admin;
        using var agent = await server.NewMemberAsync(workspace, WorkspaceRole.Agent);
        using var other = await server.NewMemberAsync(workspace, WorkspaceRole.Agent);
        using var supervisor = await server.NewMemberAsync(workspace, WorkspaceRole.Supervisor);
        using var analyst = await server.NewMemberAsync(workspace, WorkspaceRole.Analyst);
        var team = await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/teams", new { name = "Orders", leadUserId = supervisor.UserId, memberUserIds = new[] { agent.UserId } }, Ct)).ReadAsync<TeamDto>();
        var root = $"/api/v1/workspaces/{workspace}/metrics";

        var agentView = await GetAsync(agent.Client, $"{root}/nps?groupBy=agent");
        Assert.All(agentView.GetProperty("values").EnumerateArray(), v => Assert.Equal(agent.UserId.ToString("N"), v.GetProperty("group").GetProperty("agent").GetString()));
        await (await agent.Client.GetAsync($"{root}/nps?filter=agent:{other.UserId}", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await supervisor.Client.GetAsync($"{root}/nps?filter=team:{Guid.NewGuid()}", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden);
        var teamView = await GetAsync(supervisor.Client, $"{root}/nps?groupBy=team");
        Assert.All(teamView.GetProperty("values").EnumerateArray(), v => Assert.Equal(team.Id.ToString("N"), v.GetProperty("group").GetProperty("team").GetString()));

        await ImportAsync(admin, workspace, survey.Id, Enumerable.Range(0, 3).Select(i => (new DateTimeOffset(2025, 6, 1, 8, i, 0, TimeSpan.Zero), 9)));
        var all = await GetAsync(analyst.Client, $"{root}/nps?from=2025-06-01&to=2025-06-01");
        Assert.Equal(3, all.GetProperty("values")[0].GetProperty("n").GetInt64());
        var own = await GetAsync(agent.Client, $"{root}/nps?from=2025-06-01&to=2025-06-01");
        Assert.Equal(0, own.GetProperty("values")[0].GetProperty("n").GetInt64());
    }

    [Fact]
    public async Task ChangedAnswer_EventHandledTwice_SubtractsOldAndAddsNewOnce_AndRebuildAgrees()
    {
        var (workspace, admin, survey) = await SetUpAsync();
        using var _ = admin;
        var (channel, _) = await server.NewApiChannelAsync(workspace);
        var email = Unique("sara");
        var ids = await server.PushAsync(admin, workspace, channel, new { sender = new { email }, text = "Where is my order?" });
        var sent = await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/surveys/{survey.Id}/send", new { customerIds = new[] { ids.CustomerId } }, Ct)).ReadAsync<SendSurvey.Response>();
        Assert.Equal(1, sent.Scheduled);
        var invitation = await server.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.SurveyInvitations, i => i.CustomerId == ids.CustomerId, Ct));
        var token = server.Services.GetRequiredService<SurveyTokens>().Create(invitation.Id, invitation.ExpiresAt);
        using var anonymous = server.Anonymous();
        (await anonymous.PostAsJsonAsync("/api/v1/public/surveys/answers", new { token, score = "3" }, Ct)).EnsureSuccessStatusCode();
        await SettledAsync(workspace);
        (await anonymous.PostAsJsonAsync("/api/v1/public/surveys/answers", new { token, score = "10" }, Ct)).EnsureSuccessStatusCode();
        await SettledAsync(workspace);

        // Every survey.answered event delivered again (as after a crash): nothing may count twice.
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Hamdel.Server.Infrastructure.Data.HamdelDbContext>();
            var handler = ActivatorUtilities.CreateInstance<Hamdel.Server.Features.Metrics.MetricEventHandler>(scope.ServiceProvider);
            foreach (var stored in db.OutboxEvents.Where(e => e.WorkspaceId == workspace).OrderBy(e => e.Id).ToList())
            {
                if (handler.EventTypes.Contains(stored.Type))
                {
                    await handler.HandleAsync(stored, Ct);
                }
            }
        }
        var today = await GetAsync(admin, $"/api/v1/workspaces/{workspace}/metrics/nps?groupBy=day");
        var answered = today.GetProperty("values").EnumerateArray().Single(v => v.GetProperty("n").GetInt64() > 0);
        Assert.Equal(1, answered.GetProperty("n").GetInt64());
        Assert.Equal([0L, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], answered.GetProperty("distribution").EnumerateArray().Select(e => e.GetInt64()));

        var before = await server.QueryAsync(db => Hamdel.Server.Features.Metrics.MetricRollupRows.SnapshotAsync(db, workspace, Ct));
        var rebuilt = await admin.PostAsync($"/api/v1/workspaces/{workspace}/metrics/rebuild", null, Ct);
        Assert.Equal(HttpStatusCode.OK, rebuilt.StatusCode);
        var after = await server.QueryAsync(db => Hamdel.Server.Features.Metrics.MetricRollupRows.SnapshotAsync(db, workspace, Ct));
        Assert.Equal(before.Order(StringComparer.Ordinal), after.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Export_CsvAndXlsx_HoldTheTable()
    {
        var (workspace, admin, survey) = await SetUpAsync();
        using var _ = admin;
        await ImportAsync(admin, workspace, survey.Id, Enumerable.Range(0, 12).Select(i => (new DateTimeOffset(2025, 2, 1 + i, 10, 0, 0, TimeSpan.Zero), i % 11)));
        var csv = await admin.GetAsync($"/api/v1/workspaces/{workspace}/metrics/nps/export?from=2025-02-01&to=2025-02-28&groupBy=week", Ct);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("week,periodStart,periodEnd,value,n,low,high,enough", lines[0].TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Equal(12, lines.Skip(1).Sum(l => long.Parse(l.Split(',')[4], CultureInfo.InvariantCulture)));

        var xlsx = await admin.GetAsync($"/api/v1/workspaces/{workspace}/metrics/nps/export?format=xlsx&from=2025-02-01&to=2025-02-28", Ct);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var bytes = await xlsx.Content.ReadAsByteArrayAsync(Ct);
        using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var rows = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal("12", rows[1].Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().ElementAt(3).CellValue!.Text);
    }
}

public sealed class MetricTestsOnSqlite(MetricSqliteServer server) : MetricTests<MetricSqliteServer>(server);

public sealed class MetricTestsOnPostgres(MetricPostgresServer server) : MetricTests<MetricPostgresServer>(server);
