using System.Collections.Frozen;

namespace Hamdel.Text.Topics;

/// <summary>
/// Function words left out of emerging-phrase discovery, in search-key form (ی, ک, no ZWNJ,
/// no hamza seats), so one list serves Persian and Arabic text typed on either keyboard.
/// </summary>
internal static class StopWords
{
    public static readonly FrozenSet<string> All = new[]
    {
        // English
        "a", "an", "the", "and", "or", "but", "if", "then", "so", "of", "to", "in", "on", "at", "by", "for", "with",
        "from", "as", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "have", "has", "had",
        "i", "me", "my", "we", "our", "us", "you", "your", "he", "she", "it", "its", "they", "them", "their", "this",
        "that", "these", "those", "there", "here", "what", "which", "who", "when", "where", "why", "how", "not", "no",
        "very", "too", "just", "can", "will", "would", "could", "should", "all", "any", "some", "more", "most", "also",
        "about", "up", "out", "again", "than", "only", "get", "got", "im", "i'm", "it's", "dont", "don't", "didn't",
        "really", "one", "still", "after", "before", "because", "into", "over", "yet", "please", "thanks", "thank",
        // Persian
        "و", "در", "به", "از", "که", "این", "آن", "اون", "را", "رو", "با", "برای", "تا", "هم", "یا", "اما", "ولی", "است",
        "هست", "بود", "بودن", "شد", "شده", "می", "نمی", "خیلی", "یه", "یک", "من", "ما", "شما", "او", "اونها", "آنها",
        "هر", "همه", "چه", "چی", "چرا", "کجا", "کی", "دیگه", "دیگر", "اگه", "اگر", "چون", "باید", "میشه", "نیست",
        "نبود", "هیچ", "بعد", "قبل", "الان", "فقط", "واقعا", "اصلا", "کاملا", "بسیار", "خود", "خودم", "خودش", "ها", "های",
        "ای", "اینکه", "کنید", "کنم", "کرد", "کردم", "کردن", "داره", "دارم", "داشت", "نداشت", "ممنون", "مرسی", "لطفا",
        "سلام", "تشکر", "بودش", "هستش", "شه", "باشه", "بار", "روی", "توی", "تو", "پس", "حتی", "همین", "اینجا", "چند",
        // Arabic
        "فی", "من", "علی", "الی", "عن", "مع", "هذا", "هذه", "ذلک", "تلک", "التی", "الذی", "اللی", "ما", "لا", "لم",
        "لن", "لیس", "کان", "کانت", "قد", "هو", "هی", "انا", "انت", "نحن", "هم", "ان", "او", "ثم", "کل", "بعض", "عند",
        "یا", "یعنی", "بس", "لکن", "ولکن", "جدا", "مش", "مو", "شو", "ایش", "ایه", "والله", "الله", "اذا", "لو", "حتی",
        "کمان", "عشان", "علشان", "فیه", "فیها", "له", "لها", "به", "بها", "منه", "منها", "انه", "انها", "اللہ", "شکرا",
    }.ToFrozenSet(StringComparer.Ordinal);
}
