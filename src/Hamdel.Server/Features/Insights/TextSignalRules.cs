using Hamdel.Text;
using Hamdel.Text.Sentiment;
using Hamdel.Text.Topics;

namespace Hamdel.Server.Features.Insights;

/// <summary>
/// When a customer text is a signal for the inbox: strongly negative, asking for a person, asking
/// to be contacted. The phrases are Hamdel's own, not the workspace's topic list, so an edited
/// topic list cannot switch the signals off.
/// </summary>
internal static class TextSignalRules
{
    /// <summary>Negative at least this strongly (score ≤ −threshold) and this confidently counts as angry.</summary>
    public const double AngryScore = 0.5;
    public const double AngryConfidence = 0.6;

    private static readonly TopicTaxonomy Phrases = new(
    [
        new TopicDefinition("wants-human",
            new Dictionary<string, string> { ["en"] = "Asks for a person" },
            new Dictionary<string, IReadOnlyList<string>>
            {
                ["en"] = ["human", "real person", "a person", "someone real", "speak to someone", "talk to someone", "speak to a", "talk to a",
                    "an agent", "live agent", "a manager", "your manager", "supervisor", "representative", "operator", "not a bot", "stop the bot"],
                ["fa"] = ["اپراتور", "کارشناس", "با یک نفر", "یه آدم", "یک آدم", "آدم واقعی", "انسان", "مدیر", "مسئول", "سرپرست", "ربات نه", "با شخص"],
                ["ar"] = ["موظف", "شخص حقيقي", "انسان", "إنسان", "مدير", "المدير", "المسؤول", "مسؤول", "مشرف", "ممثل خدمة", "التحدث مع", "أكلم حد", "اكلم حد", "مو روبوت", "ليس روبوت"],
            }),
        new TopicDefinition("wants-contact",
            new Dictionary<string, string> { ["en"] = "Asks to be contacted" },
            new Dictionary<string, IReadOnlyList<string>>
            {
                ["en"] = ["call me", "call me back", "contact me", "get back to me", "reach me", "phone me", "email me", "ring me", "give me a call"],
                ["fa"] = ["با من تماس", "باهام تماس", "تماس بگیر*", "زنگ بزن*", "بهم زنگ", "به من زنگ", "با من در تماس", "تماس حاصل"],
                ["ar"] = ["اتصل بي", "اتصلوا بي", "اتصلو بي", "تواصل معي", "تواصلوا معي", "كلموني", "كلمني", "اتصال بي", "رد علي", "ردوا علي"],
            }),
    ]);

    public static TextSignals Of(string? text, TextAnalysis analysis)
    {
        var signals = TextSignals.None;
        var sentiment = analysis.Sentiment;
        if (sentiment.Label == SentimentLabel.Negative && sentiment.Score <= -AngryScore && sentiment.Confidence >= AngryConfidence)
        {
            signals |= TextSignals.Angry;
        }
        foreach (var match in Phrases.Match(text, analysis.Language))
        {
            signals |= match.TopicId == "wants-human" ? TextSignals.WantsHuman : TextSignals.WantsContact;
        }
        return signals;
    }

    /// <summary>The signals as the API names them: <c>angry</c>, <c>wantsHuman</c>, <c>wantsContact</c>.</summary>
    public static IReadOnlyList<string> Names(TextSignals signals)
    {
        var names = new List<string>(3);
        if (signals.HasFlag(TextSignals.Angry))
        {
            names.Add("angry");
        }
        if (signals.HasFlag(TextSignals.WantsHuman))
        {
            names.Add("wantsHuman");
        }
        if (signals.HasFlag(TextSignals.WantsContact))
        {
            names.Add("wantsContact");
        }
        return names;
    }
}
