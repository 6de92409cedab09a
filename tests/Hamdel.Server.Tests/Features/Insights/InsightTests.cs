using System.Net;
using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Features.Insights;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Paging;
using Hamdel.Testing;
using Hamdel.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hamdel.Server.Tests.Features.Insights;

/// <summary>Every customer message is read after it is stored; the reading shows in the API and follows the workspace's topics and the model.</summary>
public abstract class InsightTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : HamdelServer
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("این سومین باره پیام میدم، افتضاحه! سفارشم هنوز نرسیده", "negative", "angry", "delivery")]
    [InlineData("The parcel arrived late. I want to speak to a real person, not a bot.", "negative", "wantsHuman", "delivery")]
    [InlineData("الطلب وصل متأخر، أرجو أن تتصلوا بي", null, "wantsContact", "delivery")]
    [InlineData("قهوه عالی بود، ممنون از بسته‌بندی خوبتون", "positive", null, "delivery")]
    public async Task CustomerMessage_IsReadAfterItIsStored_SentimentTopicsAndSignals(string text, string? sentiment, string? signal, string topic)
    {
        var workspace = await server.NewWorkspaceAsync();
        var (channel, _) = await server.NewApiChannelAsync(workspace);
        using var admin = await server.AdminAsync();
        var received = await server.PushAsync(admin, workspace, channel, new { sender = new { email = server.NewEmail("reader") }, text });

        var analysis = await AnalysisAsync(admin, workspace, received.ConversationId, received.MessageId);
        Assert.Equal(TextAnalyzer.ModelVersion, analysis.ModelVersion);
        if (sentiment is not null)
        {
            Assert.Equal(sentiment, analysis.Sentiment);
        }
        Assert.Contains(topic, analysis.Topics);
        var summary = (await (await admin.GetAsync($"/api/v1/workspaces/{workspace}/conversations/{received.ConversationId}", Ct)).ReadAsync<ConversationDetail>()).Summary;
        if (signal is null)
        {
            Assert.Empty(analysis.Signals);
            Assert.Empty(summary.Signals);
        }
        else
        {
            Assert.Contains(signal, analysis.Signals);
            Assert.Contains(signal, summary.Signals);
        }
    }

    [Fact]
    public async Task UnhappyButCalm_IsNegativeWithoutTheAngrySignal()
    {
        var workspace = await server.NewWorkspaceAsync();
        var (channel, _) = await server.NewApiChannelAsync(workspace);
        using var admin = await server.AdminAsync();
        var received = await server.PushAsync(admin, workspace, channel, new { sender = new { email = server.NewEmail("calm") }, text = "The delivery was late." });

        var analysis = await AnalysisAsync(admin, workspace, received.ConversationId, received.MessageId);

        Assert.Equal("negative", analysis.Sentiment);
        Assert.DoesNotContain("angry", analysis.Signals);
    }

    [Fact]
    public async Task ConversationSignals_FollowTheLatestCustomerMessage()
    {
        var workspace = await server.NewWorkspaceAsync();
        var (channel, _) = await server.NewApiChannelAsync(workspace);
        using var admin = await server.AdminAsync();
        var email = server.NewEmail("turns");
        var first = await server.PushAsync(admin, workspace, channel, new { sender = new { email }, text = "Please call me back, this is unacceptable!!" });
        await AnalysisAsync(admin, workspace, first.ConversationId, first.MessageId);
        var second = await server.PushAsync(admin, workspace, channel, new { sender = new { email }, text = "Thank you, all sorted now, great help." });
        Assert.Equal(first.ConversationId, second.ConversationId);

        await AnalysisAsync(admin, workspace, second.ConversationId, second.MessageId);

        var summary = (await (await admin.GetAsync($"/api/v1/workspaces/{workspace}/conversations/{first.ConversationId}", Ct)).ReadAsync<ConversationDetail>()).Summary;
        Assert.Empty(summary.Signals);
    }

    [Fact]
    public async Task TopicList_EditedByTheWorkspace_RetagsItsMessages_AndBadListsAreRefusedWithFieldErrors()
    {
        var workspace = await server.NewWorkspaceAsync();
        var (channel, _) = await server.NewApiChannelAsync(workspace);
        using var admin = await server.AdminAsync();
        var received = await server.PushAsync(admin, workspace, channel, new { sender = new { email = server.NewEmail("beans") }, text = "دان قهوه اتیوپی تموم شده؟" });
        var before = await AnalysisAsync(admin, workspace, received.ConversationId, received.MessageId);
        Assert.DoesNotContain("beans", before.Topics);
        var url = $"/api/v1/workspaces/{workspace}/topics";
        var original = await (await admin.GetAsync(url, Ct)).ReadAsync<TopicListDto>();
        Assert.True(original.IsDefault);

        await (await admin.PutAsync(url, Json.Body(new { topics = new[] { new { id = "Beans!", name = new { en = "Beans" }, phrases = new { fa = new[] { "دان*" } } } } }), Ct))
            .AssertFieldErrorAsync("topics[0].id");
        await (await admin.PutAsync(url, Json.Body(new { topics = new[] { new { id = "beans", name = new { en = "Beans" }, phrases = new { de = new[] { "bohne" } } } } }), Ct))
            .AssertFieldErrorAsync("topics[0].phrases");
        Assert.True((await (await admin.GetAsync(url, Ct)).ReadAsync<TopicListDto>()).IsDefault);

        var saved = await (await admin.PutAsync(url, Json.Body(new
        {
            topics = new[] { new { id = "beans", name = new { en = "Coffee beans", fa = "دان قهوه", ar = "حبوب القهوة" }, phrases = new { fa = new[] { "دان*", "قهوه اتیوپی" }, en = new[] { "bean*" } } } },
        }), Ct)).ReadAsync<TopicListDto>();
        Assert.Equal(1, saved.Version);

        await HamdelServer.EventuallyAsync(async () => (await AnalysisAsync(admin, workspace, received.ConversationId, received.MessageId)).Topics.Contains("beans"), "the message re-tagged with the new list");
        var after = await AnalysisAsync(admin, workspace, received.ConversationId, received.MessageId);
        Assert.Equal(["beans"], after.Topics);
    }

    [Fact]
    public async Task ReadingByAnOlderModel_IsRedone()
    {
        var workspace = await server.NewWorkspaceAsync();
        var (channel, _) = await server.NewApiChannelAsync(workspace);
        using var admin = await server.AdminAsync();
        var received = await server.PushAsync(admin, workspace, channel, new { sender = new { email = server.NewEmail("old") }, text = "Great coffee, thanks!" });
        await AnalysisAsync(admin, workspace, received.ConversationId, received.MessageId);
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HamdelDbContext>();
            await db.TextInsights.Where(i => i.SubjectId == received.MessageId)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.ModelVersion, "sentiment-2020.01-1").SetProperty(i => i.Sentiment, Hamdel.Text.Sentiment.SentimentLabel.Negative), Ct);
        }

        server.Services.GetRequiredService<Reanalyzer>().Wake();

        await HamdelServer.EventuallyAsync(async () => (await AnalysisAsync(admin, workspace, received.ConversationId, received.MessageId)).ModelVersion == TextAnalyzer.ModelVersion,
            "the old reading redone by the current model");
        Assert.Equal("positive", (await AnalysisAsync(admin, workspace, received.ConversationId, received.MessageId)).Sentiment);
    }

    [Fact]
    public async Task SurveyComment_IsReadAfterItIsStored_AndShownInTheAnswerList()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var admin = await server.AdminAsync();
        var touchpoint = await Surveys.SurveyTestData.TouchpointAsync(admin, workspace);
        var survey = await (await admin.PostAsync($"/api/v1/workspaces/{workspace}/surveys", Json.Body(new
        {
            name = "Public NPS",
            touchpointId = touchpoint.Id,
            publicLinkEnabled = true,
            definition = new { type = "Nps", question = Surveys.SurveyTestData.NpsQuestion },
        }), Ct)).ReadAsync<Hamdel.Server.Features.Surveys.SurveyDto>();
        Assert.True(survey.PublicLinkEnabled);
        using var anonymous = server.Anonymous();
        var posted = await anonymous.PostAsync("/api/v1/public/surveys/answers",
            Json.Body(new { publicKey = survey.PublicKey, score = "2", comment = "پیک دو ساعت دیر آمد و قهوه سرد بود، خیلی بد بود", language = "fa" }), Ct);
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

        Hamdel.Server.Features.Surveys.AnswerDto? answer = null;
        await HamdelServer.EventuallyAsync(async () =>
        {
            var answers = await (await admin.GetAsync($"/api/v1/workspaces/{workspace}/surveys/answers?surveyId={survey.Id}", Ct)).ReadAsync<Page<Hamdel.Server.Features.Surveys.AnswerDto>>();
            answer = answers.Items.SingleOrDefault();
            return answer?.Analysis is not null;
        }, "the comment analysed");

        Assert.Equal("negative", answer!.Analysis!.Sentiment);
        Assert.Contains("delivery", answer.Analysis.Topics);
    }

    [Fact]
    public async Task TopicList_ChangedOnlyByAdminsAndSupervisors()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var agent = await server.NewMemberAsync(workspace, Hamdel.Server.Features.Workspaces.WorkspaceRole.Agent);
        var url = $"/api/v1/workspaces/{workspace}/topics";

        Assert.Equal(HttpStatusCode.OK, (await agent.Client.GetAsync(url, Ct)).StatusCode);
        await (await agent.Client.DeleteAsync(url, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    /// <summary>The message's reading, once there is one.</summary>
    private static async Task<MessageAnalysis> AnalysisAsync(HttpClient client, Guid workspace, Guid conversationId, Guid messageId)
    {
        MessageAnalysis? analysis = null;
        await HamdelServer.EventuallyAsync(async () =>
        {
            var messages = await (await client.GetAsync($"/api/v1/workspaces/{workspace}/conversations/{conversationId}/messages", Ct)).ReadAsync<Page<MessageDto>>();
            analysis = messages.Items.Single(m => m.Id == messageId).Analysis;
            return analysis is not null;
        }, "the message analysed");
        return analysis!;
    }
}

public sealed class InsightTestsOnSqlite(SqliteServer server) : InsightTests<SqliteServer>(server);

public sealed class InsightTestsOnPostgres(PostgresServer server) : InsightTests<PostgresServer>(server);
