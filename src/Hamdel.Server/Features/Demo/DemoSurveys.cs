using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Features.Customers;
using Hamdel.Server.Features.FollowUps;
using Hamdel.Server.Features.Surveys;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;

namespace Hamdel.Server.Features.Demo;

/// <summary>
/// A year of survey answers for the demo workspace: NPS after resolved support conversations and
/// CSAT after delivered orders, with comments in the customer's language, and follow-up cases for
/// the unhappy ones of the last weeks (some already contacted or resolved).
/// </summary>
internal sealed class DemoSurveys(HamdelDbContext db, FollowUpOpener followUps)
{
    private static readonly Dictionary<string, string[]> Praise = new()
    {
        ["fa"] = ["پشتیبانی خیلی سریع و مؤدب بود، ممنون.", "قهوه تازه و خوش‌عطر بود، بسته‌بندی هم عالی.", "مشکلم همان روز حل شد. عالی بودید!", "ارسال زودتر از انتظارم رسید."],
        ["ar"] = ["الدعم كان سريعًا ولطيفًا، شكرًا لكم.", "القهوة طازجة ورائحتها رائعة.", "حُلّت مشكلتي في اليوم نفسه. ممتاز!", "وصل الطلب أسرع مما توقعت."],
        ["en"] = ["Quick and friendly support, thank you.", "The coffee was fresh and smelled amazing.", "Sorted the same day. Great service!", "Delivery came sooner than expected."],
    };

    private static readonly Dictionary<string, string[]> Complaints = new()
    {
        ["fa"] = ["ارسال خیلی دیر رسید و کسی خبر نداد.", "قهوه کهنه بود و بوی خوبی نداشت.", "سه بار پیام دادم تا کسی جواب داد، افتضاح بود.", "قیمت‌ها نسبت به کیفیت گران است.", "لطفاً با من تماس بگیرید، بسته ناقص رسید."],
        ["ar"] = ["التوصيل تأخر كثيرًا ولم يخبرني أحد.", "القهوة لم تكن طازجة.", "راسلتكم ثلاث مرات قبل أن يرد أحد، خدمة سيئة جدا.", "الأسعار مرتفعة مقارنة بالجودة.", "أرجو أن تتصلوا بي، الطلب ناقص."],
        ["en"] = ["Delivery was very late and nobody told me.", "The beans tasted stale.", "Took three messages before anyone answered, unacceptable.", "Too expensive for the quality.", "Please call me back, the parcel was incomplete."],
    };

    public async Task SeedAsync(Workspace workspace, IReadOnlyList<Customer> customers, Guid followUpOwner, Random random, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var support = new Touchpoint { WorkspaceId = workspace.Id, Key = "support.resolved", Name = "Support conversation resolved", CreatedAt = workspace.CreatedAt };
        var delivered = new Touchpoint { WorkspaceId = workspace.Id, Key = "order.delivered", Name = "Order delivered", CreatedAt = workspace.CreatedAt };
        db.Touchpoints.AddRange(support, delivered);

        var nps = NewSurvey(workspace, support, "After support (NPS)", "demo-nps", followUpOwner, new SurveyDefinition(
            QuestionType.Nps,
            new LocalizedText("How likely are you to recommend Hamdel Coffee to a friend?", "چقدر احتمال دارد قهوهٔ همدل را به دوستانتان پیشنهاد کنید؟", "ما مدى احتمال أن توصي بقهوة همدل لصديق؟"),
            FollowUpNegative: new LocalizedText("What should we improve?", "چه چیزی را باید بهتر کنیم؟", "ما الذي يجب أن نحسّنه؟"),
            FollowUpPositive: new LocalizedText("What did we do well?", "چه چیزی خوب بود؟", "ما الذي أحسنّا فعله؟")));
        var csat = NewSurvey(workspace, delivered, "Order delivered (CSAT)", "demo-csat", followUpOwner, new SurveyDefinition(
            QuestionType.Csat,
            new LocalizedText("How satisfied are you with your order?", "چقدر از سفارشتان راضی هستید؟", "ما مدى رضاك عن طلبك؟"),
            FollowUpNegative: new LocalizedText("What went wrong?", "چه چیزی درست پیش نرفت؟", "ما الذي لم يكن جيدًا؟"),
            FollowUpPositive: new LocalizedText("What did you like?", "چه چیزی را دوست داشتید؟", "ما الذي أعجبك؟")));
        db.SurveyTriggers.Add(new SurveyTrigger { WorkspaceId = workspace.Id, SurveyId = nps.Survey.Id, Kind = TriggerKind.ConversationResolved, TouchpointId = support.Id, DelayMinutes = 60, SamplePercent = 100, CreatedAt = workspace.CreatedAt });
        db.SurveyTriggers.Add(new SurveyTrigger { WorkspaceId = workspace.Id, SurveyId = csat.Survey.Id, Kind = TriggerKind.Event, EventName = "order.delivered", TouchpointId = delivered.Id, DelayMinutes = 120, SamplePercent = 50, CreatedAt = workspace.CreatedAt });

        var answers = new List<(SurveyAnswer Answer, (Survey Survey, SurveyDefinition Definition) Of)>();
        // After support: about half of the resolved conversations got an answer the next day.
        var resolved = db.ChangeTracker.Entries<Conversation>().Select(e => e.Entity).Where(c => c.ResolvedAt is not null).ToList();
        foreach (var conversation in resolved.Where(_ => random.NextDouble() < 0.5))
        {
            var unhappy = conversation.Priority == ConversationPriority.High || random.NextDouble() < 0.15;
            var score = unhappy ? random.Next(0, 7) : random.Next(7, 11);
            var language = conversation.Language ?? "fa";
            var at = conversation.ResolvedAt!.Value.AddHours(2 + random.Next(0, 30));
            if (at > now)
            {
                continue;
            }
            answers.Add((Answer(workspace, nps.Survey, support, conversation.CustomerId, conversation.ChannelId, conversation.Id, conversation.AssigneeId, conversation.TeamId, language, score, unhappy, at, random), nps));
        }
        // Order delivered: a year of answers, busier lately.
        for (var i = 0; i < 360; i++)
        {
            var customer = customers[random.Next(customers.Count)];
            var at = now.AddDays(-365 * Math.Pow(random.NextDouble(), 1.3)).AddMinutes(-random.Next(0, 600));
            var unhappy = random.NextDouble() < 0.2;
            var score = unhappy ? random.Next(1, 3) : random.Next(4, 6);
            answers.Add((Answer(workspace, csat.Survey, delivered, customer.Id, null, null, null, null, customer.Language ?? "fa", score, unhappy, at, random), csat));
        }
        db.SurveyAnswers.AddRange(answers.Select(a => a.Answer));
        await db.SaveChangesAsync(cancellationToken);

        // Follow-up cases for the unhappy answers of the last four weeks; the older ones already handled.
        foreach (var (answer, (survey, definition)) in answers.Where(a => a.Answer.AnsweredAt > now.AddDays(-28)).OrderBy(a => a.Answer.AnsweredAt))
        {
            if (await followUps.OpenIfWantedAsync(survey, definition, answer, cancellationToken) is not { } opened)
            {
                continue;
            }
            var age = now - answer.AnsweredAt;
            if (age > TimeSpan.FromDays(10))
            {
                opened.Status = random.NextDouble() < 0.8 ? FollowUpStatus.Resolved : FollowUpStatus.WontFix;
                opened.ContactedAt = answer.AnsweredAt.AddHours(3 + random.Next(0, 40));
                opened.ClosedAt = opened.ContactedAt.Value.AddHours(random.Next(1, 48));
                opened.Outcome = opened.Status == FollowUpStatus.Resolved ? "Called the customer, replaced the order." : "Price feedback passed to the team.";
            }
            else if (age > TimeSpan.FromDays(3))
            {
                opened.Status = FollowUpStatus.Contacted;
                opened.ContactedAt = answer.AnsweredAt.AddHours(2 + random.Next(0, 30));
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private (Survey Survey, SurveyDefinition Definition) NewSurvey(Workspace workspace, Touchpoint touchpoint, string name, string publicKey, Guid owner, SurveyDefinition definition)
    {
        var survey = new Survey
        {
            WorkspaceId = workspace.Id,
            Name = name,
            Kind = SurveyKind.Customer,
            TouchpointId = touchpoint.Id,
            PublicKey = publicKey,
            PublicLinkEnabled = true,
            FollowUpOwnerUserId = owner,
            FollowUpDueHours = 48,
            CreatedAt = workspace.CreatedAt,
            UpdatedAt = workspace.CreatedAt,
        };
        db.Surveys.Add(survey);
        db.SurveyVersions.Add(new SurveyVersion { WorkspaceId = workspace.Id, SurveyId = survey.Id, Number = 1, Definition = definition.Serialize(), CreatedAt = workspace.CreatedAt });
        return (survey, definition);
    }

    private static SurveyAnswer Answer(Workspace workspace, Survey survey, Touchpoint touchpoint, Guid customerId, Guid? channelId, Guid? conversationId, Guid? agentId, Guid? teamId,
        string language, int score, bool unhappy, DateTimeOffset at, Random random)
    {
        var comments = unhappy ? Complaints : Praise;
        var comment = random.NextDouble() < (unhappy ? 0.8 : 0.4) ? comments[language][random.Next(comments[language].Length)] : null;
        return new SurveyAnswer
        {
            WorkspaceId = workspace.Id,
            SurveyId = survey.Id,
            SurveyVersion = 1,
            TouchpointId = touchpoint.Id,
            CustomerId = customerId,
            ChannelId = channelId,
            ConversationId = conversationId,
            AgentId = agentId,
            TeamId = teamId,
            Language = language,
            Source = AnswerSource.Invitation,
            Score = score,
            Comment = comment,
            WantsContact = comment is not null && (comment.Contains("تماس", StringComparison.Ordinal) || comment.Contains("تتصلوا", StringComparison.Ordinal) || comment.Contains("call me", StringComparison.Ordinal)),
            AnsweredAt = at,
            UpdatedAt = at,
        };
    }
}
