using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hamdel.Server.Features.FollowUps;
using Hamdel.Server.Features.Surveys;
using Hamdel.Server.Features.Teams;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Paging;
using Hamdel.Testing;
using Microsoft.EntityFrameworkCore;
using static Hamdel.Server.Tests.Features.Surveys.SurveyTestData;

namespace Hamdel.Server.Tests.Features.Surveys;

/// <summary>
/// Surveys end to end against a real SMTP server (test.sh starts one): triggers, throttling, the
/// e-mailed one-click links, the public page's refusals, follow-up cases, the eNPS anonymity
/// threshold and the all-or-nothing import.
/// </summary>
public abstract class SurveyTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : SurveyServer
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ResolvedConversation_EmailAfterDelay_ScoreLinkOpensFollowUpForTeamLead_AndNextDayIsNotAskedAgain()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var lead = await server.NewMemberAsync(workspace, WorkspaceRole.Supervisor);
        using var agent = await server.NewMemberAsync(workspace, WorkspaceRole.Agent);
        var customerEmail = Unique("maryam");
        Guid customerId;
        Guid teamId;
        using (var admin = await server.AdminAsync())
        {
            teamId = (await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/teams", new { name = "Orders", leadUserId = lead.UserId, memberUserIds = new[] { agent.UserId } }, Ct)).ReadAsync<TeamDto>()).Id;
            var (channel, _) = await server.NewApiChannelAsync(workspace, teamId: teamId);
            var touchpoint = await TouchpointAsync(admin, workspace);
            var survey = await NpsAsync(admin, workspace, touchpoint.Id);
            (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/surveys/{survey.Id}/triggers", new { kind = "ConversationResolved", teamId, delayMinutes = 60 }, Ct)).EnsureSuccessStatusCode();

            var ids = await server.PushAsync(admin, workspace, channel, new { sender = new { email = customerEmail, name = "Maryam Ahmadi" }, text = "My order is a week late." });
            customerId = ids.CustomerId;
            await agent.Client.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/conversations/{ids.ConversationId}/assign", new { assigneeId = agent.UserId }, Ct);
            (await agent.Client.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/conversations/{ids.ConversationId}/status", new { status = "Resolved" }, Ct)).EnsureSuccessStatusCode();
        }

        await server.PumpSurveysAsync();
        // The invitation is scheduled from the event (by the pump or the background dispatcher) before the clock moves.
        await HamdelServer.EventuallyAsync(() => server.QueryAsync(db => db.SurveyInvitations.AnyAsync(i => i.CustomerId == customerId, Ct)), "the invitation is scheduled");
        Assert.Empty(Mailbox.To(customerEmail)); // the delay has not passed
        server.Time!.Advance(TimeSpan.FromMinutes(61));
        await server.PumpSurveysAsync();
        var mail = Assert.Single(await Mailbox.WaitForAsync(customerEmail));
        var links = ScoreLinks(mail);
        Assert.Equal(Enumerable.Range(0, 11), links.Keys.Order());

        using var customer = server.Anonymous();
        var page = await customer.GetAsync(PathOf(links[3]), Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("What should we improve?", html, StringComparison.Ordinal);

        var answer = await server.QueryAsync(db => db.SurveyAnswers.SingleAsync(a => a.CustomerId == customerId, Ct));
        Assert.Equal((3, AnswerSource.Invitation), (answer.Score, answer.Source));
        Assert.Equal((teamId, agent.UserId), (answer.TeamId!.Value, answer.AgentId!.Value));
        using (var admin = await server.AdminAsync())
        {
            var cases = await (await admin.GetAsync($"/api/v1/workspaces/{workspace}/follow-ups?customerId={customerId}", Ct)).ReadAsync<List<FollowUpDto>>();
            var followUp = Assert.Single(cases);
            Assert.Equal((lead.UserId, FollowUpStatus.New, answer.Id, 3), (followUp.OwnerUserId!.Value, followUp.Status, followUp.AnswerId, followUp.Score!.Value));
            var timeline = await admin.GetStringAsync($"/api/v1/workspaces/{workspace}/customers/{customerId}/timeline", Ct);
            using var items = JsonDocument.Parse(timeline);
            var onTimeline = items.RootElement.EnumerateArray().Single(i => i.GetProperty("kind").GetString() == "survey");
            Assert.Equal("3", onTimeline.GetProperty("data").GetProperty("score").GetString());
            Assert.Equal(followUp.Id.ToString(), onTimeline.GetProperty("data").GetProperty("followUpId").GetString());
        }

        // The next day the same customer writes on another channel and is helped again: not asked again.
        server.Time.Advance(TimeSpan.FromDays(1));
        using (var admin = await server.AdminAsync())
        {
            var (otherChannel, _) = await server.NewApiChannelAsync(workspace, teamId: teamId);
            var next = await server.PushAsync(admin, workspace, otherChannel, new { sender = new { email = customerEmail }, text = "One more question." });
            Assert.Equal(customerId, next.CustomerId);
            (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/conversations/{next.ConversationId}/status", new { status = "Resolved" }, Ct)).EnsureSuccessStatusCode();
            await server.PumpSurveysAsync();
            await HamdelServer.EventuallyAsync(() => server.QueryAsync(db => db.SurveyInvitations.AnyAsync(i => i.ConversationId == next.ConversationId, Ct)), "the second resolution is seen");
            server.Time.Advance(TimeSpan.FromHours(2));
            await server.PumpSurveysAsync();
            var skipped = await server.QueryAsync(db => db.SurveyInvitations.SingleAsync(i => i.ConversationId == next.ConversationId, Ct));
            Assert.Equal((InvitationStatus.Skipped, SkipReasons.Throttled), (skipped.Status, skipped.LastError));
        }
        Assert.Single(Mailbox.To(customerEmail));
    }

    [Fact]
    public async Task Token_ReusedTamperedExpiredOrOutOfRange_IsRefusedAndStoresNothingMore()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var admin = await server.AdminAsync();
        var (channel, _) = await server.NewApiChannelAsync(workspace);
        var survey = await NpsAsync(admin, workspace, (await TouchpointAsync(admin, workspace)).Id);
        var first = Unique("first");
        var second = Unique("second");
        var one = await server.PushAsync(admin, workspace, channel, new { sender = new { email = first }, text = "hello" });
        var two = await server.PushAsync(admin, workspace, channel, new { sender = new { email = second }, text = "hello" });
        var sent = await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/surveys/{survey.Id}/send", new { customerIds = new[] { one.CustomerId, two.CustomerId } }, Ct)).ReadAsync<SendSurvey.Response>();
        Assert.Equal(2, sent.Scheduled);
        await server.PumpSurveysAsync();
        var links = ScoreLinks(Assert.Single(await Mailbox.WaitForAsync(first)));
        var token = TokenOf(links[9]);
        using var anonymous = server.Anonymous();
        Task<int> Answers() => server.QueryAsync(db => db.SurveyAnswers.CountAsync(a => a.SurveyId == survey.Id, Ct));
        Task<int?> Score() => server.QueryAsync(db => db.SurveyAnswers.Where(a => a.SurveyId == survey.Id).Select(a => a.Score).SingleAsync(Ct));

        // Out of range or not a number, before any answer: refused, nothing stored.
        foreach (var bad in new[] { "11", "-1", "abc" })
        {
            var refused = await anonymous.GetAsync($"/s/{token}?lang=en&score={bad}", Ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("Choose a whole number from 0 to 10", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            await (await anonymous.PostAsJsonAsync("/api/v1/public/surveys/answers", new { token, score = bad }, Ct)).AssertFieldErrorAsync("score");
        }
        Assert.Equal(0, await Answers());

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(PathOf(links[9]), Ct)).StatusCode);
        // The same link again, and a changed score within the window: still one answer.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(PathOf(links[9]), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await anonymous.PostAsJsonAsync("/api/v1/public/surveys/answers", new { token, score = "7", comment = "نان تازه بود ولی دیر رسید" }, Ct)).StatusCode);
        Assert.Equal((1, 7), (await Answers(), (await Score())!.Value));
        await (await anonymous.PostAsJsonAsync("/api/v1/public/surveys/answers", new { token, score = "12" }, Ct)).AssertFieldErrorAsync("score");
        Assert.Equal(7, await Score());

        // After the change window the link says it was answered, and takes nothing.
        server.Time!.Advance(TimeSpan.FromDays(3));
        await (await anonymous.PostAsJsonAsync("/api/v1/public/surveys/answers", new { token, score = "5" }, Ct)).AssertProblemAsync(HttpStatusCode.Gone);
        var closed = await (await anonymous.GetAsync(PathOf(links[2]), Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("data-state=\"closed\"", closed, StringComparison.Ordinal);
        Assert.Equal((1, 7), (await Answers(), (await Score())!.Value));

        // A token with one character changed is not ours.
        var tampered = token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..];
        var invalid = await anonymous.GetAsync($"/s/{tampered}?lang=fa&score=9", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var invalidHtml = await invalid.Content.ReadAsStringAsync(Ct);
        Assert.Contains("data-state=\"invalid\"", invalidHtml, StringComparison.Ordinal);
        Assert.Contains("این پیوند کار نمی‌کند", WebUtility.HtmlDecode(invalidHtml), StringComparison.Ordinal);
        await (await anonymous.PostAsJsonAsync("/api/v1/public/surveys/answers", new { token = tampered, score = "9" }, Ct)).AssertFieldErrorAsync("token");

        // The second customer waited too long: the link (14 days) has expired.
        var late = ScoreLinks(Assert.Single(await Mailbox.WaitForAsync(second)));
        server.Time.Advance(TimeSpan.FromDays(12));
        var expired = await anonymous.GetAsync(PathOf(late[10]), Ct);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("data-state=\"expired\"", await expired.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await (await anonymous.PostAsJsonAsync("/api/v1/public/surveys/answers", new { token = TokenOf(late[10]), score = "10" }, Ct)).AssertProblemAsync(HttpStatusCode.Gone);
        Assert.Equal(1, await Answers());
    }

    [Fact]
    public async Task Pulse_FourAnswers_ShowNotEnoughAnswers_AndNoApiSaysWhoAnswered()
    {
        var workspace = await server.NewWorkspaceAsync();
        var staff = new List<Person>();
        for (var i = 0; i < 4; i++)
        {
            staff.Add(await server.NewMemberAsync(workspace, WorkspaceRole.Agent, Unique("barista")));
        }
        using var admin = await server.AdminAsync();
        var team = await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/teams", new { name = "Roastery", memberUserIds = staff.Select(s => s.UserId) }, Ct)).ReadAsync<TeamDto>();
        var pulse = await NpsAsync(admin, workspace, (await TouchpointAsync(admin, workspace, "staff.pulse", "Quarterly pulse")).Id, kind: "Pulse", name: "eNPS Q1");
        var sent = await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/surveys/{pulse.Id}/send", new { teamId = team.Id }, Ct)).ReadAsync<SendSurvey.Response>();
        Assert.Equal(4, sent.Scheduled);
        await server.PumpSurveysAsync();
        using var anonymous = server.Anonymous();
        var scores = new[] { 9, 10, 3, 7 };
        for (var i = 0; i < staff.Count; i++)
        {
            var links = ScoreLinks(Assert.Single(await Mailbox.WaitForAsync(staff[i].Email)));
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(PathOf(links[scores[i]]), Ct)).StatusCode);
        }

        var results = await (await admin.GetAsync($"/api/v1/workspaces/{workspace}/surveys/{pulse.Id}/results", Ct)).ReadAsync<SurveyResults>();
        Assert.Equal((4, (double?)null, true), (results.Answers, results.Score, results.Hidden));
        var group = Assert.Single(results.Groups);
        Assert.Equal(("Roastery", 4, (double?)null, true), (group.Name, group.Answers, group.Score, group.Hidden));
        Assert.Empty(results.Comments);

        // No list names anyone: answers are not listed at all, invitations carry no address or answer time.
        var answers = await (await admin.GetAsync($"/api/v1/workspaces/{workspace}/surveys/answers?surveyId={pulse.Id}", Ct)).ReadAsync<Page<AnswerDto>>();
        Assert.Empty(answers.Items);
        var invitationsText = await admin.GetStringAsync($"/api/v1/workspaces/{workspace}/surveys/invitations?surveyId={pulse.Id}", Ct);
        foreach (var person in staff)
        {
            Assert.DoesNotContain(person.Email, invitationsText, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(person.UserId.ToString(), invitationsText, StringComparison.OrdinalIgnoreCase);
        }
        var invitations = await server.QueryAsync(db => db.SurveyInvitations.Where(i => i.SurveyId == pulse.Id).ToListAsync(Ct));
        Assert.All(invitations, i => Assert.Null(i.Email));
        var stored = await server.QueryAsync(db => db.SurveyAnswers.Where(a => a.SurveyId == pulse.Id).ToListAsync(Ct));
        Assert.All(stored, a => Assert.True(a.CustomerId is null && a.AgentId is null && a.AnsweredAt.TimeOfDay == TimeSpan.Zero));
    }

    [Fact]
    public async Task Import_FileWithBadRows_NamesEachRowAndField_AndStoresNothingUntilClean()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var admin = await server.AdminAsync();
        await server.NewApiChannelAsync(workspace);
        var delivered = await TouchpointAsync(admin, workspace, "order.delivered", "Order delivered");
        var survey = await NpsAsync(admin, workspace, (await TouchpointAsync(admin, workspace)).Id);
        var url = $"/api/v1/workspaces/{workspace}/surveys/{survey.Id}/answers/import";
        const string bad = """
            date,email,phone,touchpoint,score,comment
            2025-01-10,ali@example.ir,,order.delivered,9,قهوه عالی بود
            2025-01-11,not-an-email,,,5,
            2025-13-01,sara@example.com,,,7,
            2025-01-12,reem@example.sa,,nowhere,11,رائع
            2025-01-13,,,,8,
            """;

        var response = await admin.PostAsync(url, new StringContent(bad, Encoding.UTF8, "text/csv"), Ct);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "rows[3].email", "rows[4].date", "rows[5].touchpoint", "rows[5].score", "rows[6].email" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"No error for {field}: {errors}");
        }
        Assert.False(errors.TryGetProperty("rows[2].email", out _));
        Assert.Equal(4, problem.GetProperty("badRows").GetInt32());
        Assert.Equal(0, await server.QueryAsync(db => db.SurveyAnswers.CountAsync(a => a.SurveyId == survey.Id, Ct)));
        Assert.False(await server.QueryAsync(db => db.CustomerIdentities.AnyAsync(i => i.WorkspaceId == workspace && i.Value == "ali@example.ir", Ct)));

        const string clean = """
            date,email,phone,touchpoint,score,comment
            2025-01-10,ali@example.ir,,order.delivered,9,قهوه عالی بود
            2025-01-12T08:30:00Z,reem@example.sa,,,۴,وصل الطلب متأخرًا
            2025-02-01,ali@example.ir,,,10,
            """;
        var imported = await (await admin.PostAsync(url, new StringContent(clean, Encoding.UTF8, "text/csv"), Ct)).ReadAsync<ImportAnswers.Response>();

        Assert.Equal((3, 2), (imported.Imported, imported.CustomersCreated));
        var rows = await server.QueryAsync(db => db.SurveyAnswers.Where(a => a.SurveyId == survey.Id).OrderBy(a => a.AnsweredAt).ToListAsync(Ct));
        Assert.Equal([9, 4, 10], rows.Select(r => r.Score!.Value));
        Assert.Equal(delivered.Id, rows[0].TouchpointId);
        Assert.Equal(rows[0].CustomerId, rows[2].CustomerId);
        Assert.All(rows, r => Assert.Equal(AnswerSource.Import, r.Source));
        Assert.False(await server.QueryAsync(db => db.FollowUpCases.AnyAsync(c => c.SurveyId == survey.Id, Ct)));
    }

    [Fact]
    public async Task TrackedEvent_MatchingTrigger_InvitesTheCustomer_AndEditingAnAnsweredSurveyMakesANewVersion()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var admin = await server.AdminAsync();
        var delivered = await TouchpointAsync(admin, workspace, "order.delivered", "Order delivered");
        var survey = await NpsAsync(admin, workspace, delivered.Id, name: "Delivery");
        (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/surveys/{survey.Id}/triggers", new { kind = "Event", eventName = "order.delivered" }, Ct)).EnsureSuccessStatusCode();
        var email = Unique("reem");

        await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/events", new { customer = new { email = "not an address" }, name = "order.delivered" }, Ct)).AssertFieldErrorAsync("customer.email");
        var tracked = await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/events", new { customer = new { email, name = "ريم الحربي" }, name = "order.delivered", properties = new { order = "A-1042" } }, Ct);
        Assert.Equal(HttpStatusCode.Created, tracked.StatusCode);
        await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/events", new { customer = new { email }, name = "order.shipped" }, Ct);
        await server.PumpSurveysAsync();

        var links = ScoreLinks(Assert.Single(await Mailbox.WaitForAsync(email)));
        using var anonymous = server.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(PathOf(links[10]), Ct)).StatusCode);

        var changed = await admin.PutAsJsonAsync($"/api/v1/workspaces/{workspace}/surveys/{survey.Id}", new
        {
            name = "Delivery",
            touchpointId = delivered.Id,
            definition = new { type = "Nps", question = new { en = "Would you recommend our delivery?", fa = "ارسال ما را پیشنهاد می‌کنید؟", ar = "هل توصي بخدمة التوصيل لدينا؟" } },
        }, Ct);
        Assert.Equal(2, (await changed.ReadAsync<SurveyDto>()).Version);
        var answer = await server.QueryAsync(db => db.SurveyAnswers.SingleAsync(a => a.SurveyId == survey.Id, Ct));
        Assert.Equal((1, 10, delivered.Id), (answer.SurveyVersion, answer.Score!.Value, answer.TouchpointId));
        var timeline = await admin.GetStringAsync($"/api/v1/workspaces/{workspace}/customers/{answer.CustomerId}/timeline", Ct);
        Assert.Contains("\"kind\":\"event\"", timeline, StringComparison.Ordinal);
        Assert.Contains("order.shipped", timeline, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolvedConversation_CustomerWithoutEmail_IsInvitedInTheConversationThroughItsChannel()
    {
        var workspace = await server.NewWorkspaceAsync();
        await using var company = await WebhookReceiver.StartAsync();
        using var admin = await server.AdminAsync();
        var (channel, _) = await server.NewApiChannelAsync(workspace, webhookUrl: company.Url("/replies"));
        var survey = await NpsAsync(admin, workspace, (await TouchpointAsync(admin, workspace)).Id);
        (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/surveys/{survey.Id}/triggers", new { kind = "ConversationResolved", channelId = channel }, Ct)).EnsureSuccessStatusCode();
        var ids = await server.PushAsync(admin, workspace, channel, new { sender = new { handle = $"app:{Guid.NewGuid():N}", name = "Leila" }, text = "سفارشم کی می‌رسد؟" });
        (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/conversations/{ids.ConversationId}/status", new { status = "Resolved" }, Ct)).EnsureSuccessStatusCode();

        await server.PumpSurveysAsync();
        await HamdelServer.EventuallyAsync(() => server.QueryAsync(db => db.SurveyInvitations.AnyAsync(i => i.ConversationId == ids.ConversationId, Ct)), "the invitation is scheduled");
        await server.PumpSurveysAsync();
        await server.PumpAsync(); // the outbound message goes to the company's system like an agent's reply
        var delivered = await company.WaitForAsync(w => w.Body.Contains("/s/", StringComparison.Ordinal));
        var body = System.Text.RegularExpressions.Regex.Unescape(delivered.Body);
        var link = System.Text.RegularExpressions.Regex.Match(body, @"https?://[^\s""]+/s/[A-Za-z0-9_-]+").Value;
        Assert.NotEmpty(link);
        Assert.True(body.Contains("چقدر احتمال دارد", StringComparison.Ordinal), body); // asked in the conversation's language

        var invitation = await server.QueryAsync(db => db.SurveyInvitations.SingleAsync(i => i.ConversationId == ids.ConversationId, Ct));
        Assert.Equal((InvitationStatus.Sent, null), (invitation.Status, invitation.Email));
        await HamdelServer.EventuallyAsync(() => server.QueryAsync(db => db.Messages.AnyAsync(m => m.ConversationId == ids.ConversationId
            && m.Author == Hamdel.Server.Features.Conversations.MessageAuthor.System && m.DeliveryStatus == Hamdel.Server.Features.Conversations.DeliveryStatus.Sent, Ct)),
            "the invitation shows in the conversation as a delivered message from Hamdel");
        // The invitation does not reopen the conversation.
        Assert.Equal(Hamdel.Server.Features.Conversations.ConversationStatus.Resolved, await server.QueryAsync(db => db.Conversations.Where(c => c.Id == ids.ConversationId).Select(c => c.Status).SingleAsync(Ct)));

        using var customer = server.Anonymous();
        var answered = await customer.PostAsJsonAsync("/api/v1/public/surveys/answers", new { token = TokenOf(link), score = "4" }, Ct);
        Assert.Equal(HttpStatusCode.Created, answered.StatusCode);
        var answer = await server.QueryAsync(db => db.SurveyAnswers.SingleAsync(a => a.InvitationId == invitation.Id, Ct));
        Assert.Equal((4, ids.CustomerId, channel), (answer.Score!.Value, answer.CustomerId!.Value, answer.ChannelId!.Value));

        // "You said, we did": the case's owner tells the customer in the same conversation.
        await server.PumpSurveysAsync();
        var followUp = Assert.Single(await (await admin.GetAsync($"/api/v1/workspaces/{workspace}/follow-ups?customerId={ids.CustomerId}", Ct)).ReadAsync<List<FollowUpDto>>());
        await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/follow-ups/{followUp.Id}/tell-customer", new { text = " " }, Ct)).AssertFieldErrorAsync("text");
        const string told = "شما گفتید ارسال دیر بود؛ از این هفته سفارش‌ها از انبار نزدیک‌تر فرستاده می‌شوند.";
        var updated = await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/follow-ups/{followUp.Id}/tell-customer", new { text = told }, Ct)).ReadAsync<FollowUpDto>();
        Assert.NotNull(updated.CustomerToldAt);
        Assert.Contains(updated.Notes, n => n.Text.Contains(told, StringComparison.Ordinal));
        await server.PumpAsync();
        await company.WaitForAsync(w => System.Text.RegularExpressions.Regex.Unescape(w.Body).Contains(told, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ManualSend_ByEmailAddress_NamesAnUnknownAddress_InvitesKnownOnes_AndACommentAskingForContactOpensACase()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var admin = await server.AdminAsync();
        var (channel, _) = await server.NewApiChannelAsync(workspace);
        var survey = await NpsAsync(admin, workspace, (await TouchpointAsync(admin, workspace)).Id);
        var known = Unique("sami");
        await server.PushAsync(admin, workspace, channel, new { sender = new { email = known }, text = "Hello" });

        var unknown = await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/surveys/{survey.Id}/send", new { emails = new[] { known, Unique("nobody") } }, Ct);
        await unknown.AssertFieldErrorAsync("emails[1]");
        await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/surveys/{survey.Id}/send", new { emails = new[] { "not-an-address" } }, Ct)).AssertFieldErrorAsync("emails[0]");
        Assert.False(await server.QueryAsync(db => db.SurveyInvitations.AnyAsync(i => i.SurveyId == survey.Id, Ct)));

        var sent = await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/surveys/{survey.Id}/send", new { emails = new[] { known.ToUpperInvariant() } }, Ct)).ReadAsync<SendSurvey.Response>();
        Assert.Equal(1, sent.Scheduled);
        await server.PumpSurveysAsync();
        var mail = Assert.Single(await Mailbox.WaitForAsync(known));

        // A happy score, but the comment asks to be called: that opens a follow-up case too.
        using var customer = server.Anonymous();
        var answered = await customer.PostAsJsonAsync("/api/v1/public/surveys/answers",
            new { token = TokenOf(ScoreLinks(mail)[9]), score = "9", comment = "Lovely coffee. Please call me back about my subscription." }, Ct);
        Assert.Equal(HttpStatusCode.Created, answered.StatusCode);
        var customerId = await server.QueryAsync(db => db.SurveyAnswers.Where(a => a.SurveyId == survey.Id).Select(a => a.CustomerId!.Value).SingleAsync(Ct));
        await server.PumpAsync();
        await HamdelServer.EventuallyAsync(() => server.QueryAsync(db => db.FollowUpCases.AnyAsync(c => c.CustomerId == customerId, Ct)), "the comment opens a case");
        var followUp = Assert.Single(await (await admin.GetAsync($"/api/v1/workspaces/{workspace}/follow-ups?customerId={customerId}", Ct)).ReadAsync<List<FollowUpDto>>());
        Assert.Equal(("comment asks for contact", 9), (followUp.Reason, followUp.Score!.Value));
    }
}

public sealed class SurveyTestsOnSqlite(SurveySqliteServer server) : SurveyTests<SurveySqliteServer>(server);

public sealed class SurveyTestsOnPostgres(SurveyPostgresServer server) : SurveyTests<SurveyPostgresServer>(server);
