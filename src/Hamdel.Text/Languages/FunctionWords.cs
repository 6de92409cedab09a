using System.Collections.Frozen;

namespace Hamdel.Text.Languages;

/// <summary>
/// Frequent words that tell Persian from Arabic (and English from Finglish) in short texts.
/// Written in search-key form (ی, ک, no hamza seats, no ZWNJ). Words both languages use often
/// (من, ما, یعنی, اصلا, الله ...) are deliberately absent.
/// </summary>
internal static class FunctionWords
{
    public static readonly FrozenSet<string> Persian = Set(
        "است", "این", "که", "را", "رو", "برای", "خیلی", "بود", "نبود", "شد", "نشد", "نیست", "هست", "هستش", "ولی",
        "یه", "یک", "اون", "آن", "اینکه", "هیچ", "دیگه", "دیگر", "چون", "باید", "میشه", "نمیشه", "میخوام", "خوب",
        "بد", "کرد", "کردم", "کردن", "کنم", "کنید", "کنه", "تا", "به", "از", "در", "با", "شما", "چرا", "کجا",
        "بودم", "بودن", "داره", "دارم", "ندارم", "داشت", "نداشت", "هستم", "هستن", "اینجا", "ممنون", "ممنونم", "مرسی",
        "لطفا", "غذا", "سفارش", "رسید", "نرسید", "ها", "های", "اگه", "اگر", "وقتی", "همه", "چیز", "چیزی", "بیشتر",
        "کمی", "یکم", "خوبه", "عالیه", "بودش", "نمیدونم", "میکنم", "میکنه", "میدم", "نمیدم", "هم", "اما", "باشه",
        "شده", "نشده", "میاد", "نیومد", "اومد", "گرفتم", "خریدم", "پیک", "تومن", "تومان", "چقدر", "چطور", "دارید",
        "ندارید", "کنین", "بدین", "بدید", "سلام", "واسه", "بخاطر", "خودم", "خودش", "اینو", "اونو", "چند", "هنوز");

    public static readonly FrozenSet<string> Arabic = Set(
        "فی", "علی", "هذا", "هذه", "ذلک", "الی", "عن", "التی", "الذی", "اللی", "لا", "لم", "لن", "لیس", "کان",
        "کانت", "قد", "هو", "هی", "انا", "انت", "انه", "ان", "مع", "مش", "والله", "یا", "ایه", "شو", "کتیر", "کثیر",
        "عشان", "لیه", "هاد", "هیک", "کیف", "لماذا", "لیش", "اذا", "لو", "منذ", "بعض", "عند", "عندی", 
        "احسن", "لکن", "ولکن", "بدی", "ابی", "ارید", "هل", "نحن", "کنت", "وین", "فین", "کده", "اوی", "جدا",
        "تم", "الذین", "لقد", "ثم", "او", "هیا", "انو", "زی", "علیه", "علیک", "الا", "وهو", "وهی", "وانا",
        "اللی", "هاذا", "هذول", "دول", "لسه", "برضو", "کمان", "ماشی", "طیب", "حلو", "مره", "شکرا", "اخی", "یارب",
        "بالله", "فیه", "فیها", "منه", "منها", "لها", "له", "لک", "بها", "وکل", "جمیل", "رائع", "سیء", "ماذا");

    /// <summary>Persian words that start with "ال" and so must not count as the Arabic article.</summary>
    public static readonly FrozenSet<string> PersianAlWords = Set(
        "البته", "الان", "الکی", "الگو", "الماس", "الهام", "الکل", "الکترونیک", "الکترونیکی", "الکتریکی", "اولویت",
        "الزام", "الزامی", "الف", "الهی", "الو", "الوند", "الانم", "الاغ", "الگوریتم");

    public static readonly FrozenSet<string> English = Set(
        "the", "a", "an", "and", "or", "but", "is", "are", "was", "were", "be", "been", "it", "this", "that", "these",
        "i", "you", "we", "they", "he", "she", "my", "your", "our", "their", "me", "us", "them", "of", "to", "in",
        "on", "for", "with", "at", "by", "from", "not", "no", "very", "so", "too", "just", "have", "has", "had",
        "do", "does", "did", "don't", "didn't", "doesn't", "can", "can't", "will", "would", "won't", "could", "should",
        "all", "what", "when", "why", "how", "there", "here", "if", "than", "then", "out", "up", "about", "again",
        "order", "delivery", "service", "food", "app", "staff", "thanks", "thank", "please", "great", "good", "bad",
        "late", "never", "ever", "time", "really", "much", "more", "get", "got", "still", "after", "because", "ok",
        "okay", "refund", "price", "money", "support", "customer", "waiting", "hours", "minutes", "product", "quality",
        "its", "it's", "i'm", "im", "i've", "you're", "one", "only", "also", "some", "any", "love", "like", "hate");

    /// <summary>
    /// Persian and Arabic written in Latin letters (Finglish, Arabizi) and a few common words of
    /// other Latin-script languages: text dominated by them is reported as "other".
    /// </summary>
    public static readonly FrozenSet<string> LatinNonEnglish = Set(
        "salam", "salaam", "merci", "mersi", "mamnoon", "mamnun", "mamnoonam", "kheili", "kheyli", "khyli", "khili",
        "khoob", "khub", "khob", "bood", "bud", "nabood", "nabud", "hast", "nist", "nistam", "hastam", "ghaza",
        "sefaresh", "vali", "chera", "shoma", "mikham", "mikhastam", "mishe", "nemishe", "lotfan", "dige", "aali",
        "aaali", "dastet", "dastetun", "nakone", "kharab", "poshtibani", "bazam", "behtarin", "badtarin", "moshkel",
        "moshkeli", "daram", "dashtam", "nadasht", "kardam", "shod", "nashod", "inja", "chon", "bashe", "khodafez",
        "rasid", "narasid", "dir", "sard", "garm", "khosh", "khoshmaze", "zood", "zud", "kheyliii", "che", "ke",
        "habibi", "yalla", "wallah", "walla", "inshallah", "mashallah", "shukran", "ana", "enta", "inta", "mesh",
        "mish", "kteer", "ktir", "ahla", "tayeb", "helw", "ezay", "leh", "keda", "bas", "3ala", "3an", "7elw", "7abibi",
        "der", "die", "das", "und", "ist", "nicht", "sehr", "le", "la", "les", "est", "et", "pas", "tres", "très",
        "muy", "los", "las", "es", "que", "por", "bueno", "malo", "bien", "mal", "gracias", "rien", "avec", "pour");

    private static FrozenSet<string> Set(params string[] words) => words.ToFrozenSet(StringComparer.Ordinal);
}
