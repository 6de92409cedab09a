using System.Net.Http.Json;
using Hamdel.Server.Features.Surveys;
using Hamdel.Testing;

namespace Hamdel.Server.Tests.Features.Surveys;

/// <summary>Surveys and touchpoints as the tests create them through the API.</summary>
internal static class SurveyTestData
{
    public static readonly object NpsQuestion = new
    {
        en = "How likely are you to recommend Hamdel Coffee to a friend?",
        fa = "چقدر احتمال دارد قهوه همدل را به دوستانتان پیشنهاد کنید؟",
        ar = "ما مدى احتمال أن توصي بقهوة همدل لصديق؟",
    };

    public static readonly object Improve = new { en = "What should we improve?", fa = "چه چیزی را باید بهتر کنیم؟", ar = "ما الذي يجب أن نحسّنه؟" };
    public static readonly object WellDone = new { en = "What did we do well?", fa = "چه چیزی خوب بود؟", ar = "ما الذي أحسنّا فعله؟" };

    public static async Task<TouchpointDto> TouchpointAsync(HttpClient client, Guid workspace, string key = "support.resolved", string name = "Support conversation resolved")
    {
        var response = await client.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/touchpoints", new { key, name });
        return await response.ReadAsync<TouchpointDto>();
    }

    public static async Task<SurveyDto> NpsAsync(HttpClient client, Guid workspace, Guid touchpointId, string kind = "Customer", string name = "After support")
    {
        var response = await client.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/surveys", new
        {
            name,
            kind,
            touchpointId,
            followUpDueHours = 24,
            definition = new { type = "Nps", question = NpsQuestion, followUpNegative = Improve, followUpPositive = WellDone },
        }, Json.Options);
        return await response.ReadAsync<SurveyDto>();
    }

    /// <summary>An address no other test (on either database, in any run) uses, so mail in the shared maildir is not mixed up.</summary>
    public static string Unique(string who) => $"{who}.{Guid.NewGuid().ToString("N")[..12]}@test.hamdel";

    /// <summary>The score links of an invitation e-mail, by score.</summary>
    public static Dictionary<int, string> ScoreLinks(MimeKit.MimeMessage message) =>
        Mailbox.Links(message).Where(l => l.Contains("score=", StringComparison.Ordinal))
            .ToDictionary(l => int.Parse(l[(l.IndexOf("score=", StringComparison.Ordinal) + 6)..], System.Globalization.CultureInfo.InvariantCulture), l => l);

    /// <summary>The path and query of an absolute link, for the test's own client.</summary>
    public static string PathOf(string link) => new Uri(link).PathAndQuery;

    /// <summary>The token in a response-page link.</summary>
    public static string TokenOf(string link) => new Uri(link).AbsolutePath.Split('/')[2];
}
