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
    /// <summary>
    /// Sentiment alone does not tell an unhappy customer ("the parcel was late") from an angry one:
    /// a confident negative text is angry when it also has words of anger or contempt, or shouts
    /// (several exclamation marks, or whole words in capitals).
    /// </summary>
    public const double AngryConfidence = 0.6;

    private static readonly TopicTaxonomy Phrases = new(
    [
        new TopicDefinition("anger",
            new Dictionary<string, string> { ["en"] = "Anger" },
            new Dictionary<string, IReadOnlyList<string>>
            {
                ["en"] = ["furious", "angry", "outrag*", "unacceptable", "ridiculous", "disgust*", "worst", "terrible", "horrible", "awful", "pathetic",
                    "scam*", "rip off", "ripoff", "never again", "fed up", "sick of", "lawyer*", "sue", "complain*", "shame on", "how dare", "joke", "useless", "incompetent"],
                ["fa"] = ["عصبانی*", "افتضاح*", "مسخره*", "بدترین", "شرم*", "کلاهبردار*", "دزد*", "آشغال*", "بی‌شعور*", "بیشعور*", "شکایت*", "دیگه هیچوقت", "دیگر هرگز",
                    "خسته شدم", "ذله", "بی‌عرضه*", "بی عرضه", "بی‌مسئولیت*", "مزخرف*", "فاجعه*", "اعصاب", "وقیح*", "توهین*"],
                ["ar"] = ["غاضب*", "زعلان*", "مهزل*", "سيئ جدا", "سيئة جدا", "أسوأ", "اسوأ", "اسوء", "فاشل*", "نصاب*", "نصب*", "حرامي*", "سرقة", "عيب عليكم",
                    "لن أتعامل", "لن اتعامل", "ما راح", "شكوى", "قرف", "زفت", "تافه*", "مستفز*", "حسبي الله", "فضيحة", "كارثة", "كارثي*"],
            }),
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
                ["ar"] = ["اتصل بي", "اتصلوا بي", "اتصلو بي", "تتصلوا بي", "تتصل بي", "يتصل بي", "الاتصال بي", "تتواصلوا معي", "تتواصل معي", "يتواصل معي", "التواصل معي", "تواصل معي", "تواصلوا معي", "كلموني", "كلمني", "اتصال بي", "رد علي", "ردوا علي"],
            }),
    ]);

    public static TextSignals Of(string? text, TextAnalysis analysis)
    {
        var signals = TextSignals.None;
        var sentiment = analysis.Sentiment;
        var angryWords = false;
        foreach (var match in Phrases.Match(text, analysis.Language))
        {
            switch (match.TopicId)
            {
                case "anger":
                    angryWords = true;
                    break;
                case "wants-human":
                    signals |= TextSignals.WantsHuman;
                    break;
                default:
                    signals |= TextSignals.WantsContact;
                    break;
            }
        }
        if (sentiment.Label == SentimentLabel.Negative && sentiment.Confidence >= AngryConfidence && (angryWords || Shouts(text)))
        {
            signals |= TextSignals.Angry;
        }
        return signals;
    }

    /// <summary>"!!" or "؟!!", or two or more words of three or more capital letters.</summary>
    private static bool Shouts(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        if (text.Contains("!!", StringComparison.Ordinal) || text.Contains("\uFF01\uFF01", StringComparison.Ordinal))
        {
            return true;
        }
        var shouted = 0;
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var letters = word.Count(char.IsLetter);
            if (letters >= 3 && word.Where(char.IsLetter).All(c => c is >= 'A' and <= 'Z') && ++shouted >= 2)
            {
                return true;
            }
        }
        return false;
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
