using System.Collections.Frozen;
using Hamdel.Text.Languages;
using Hamdel.Text.Normalization;

namespace Hamdel.Text.Sentiment;

/// <summary>
/// The function words that change sentiment, per language: negators, intensifiers, diminishers
/// and contrast words. Written from knowledge of each language; stored in analysis normal form.
/// </summary>
internal sealed class LanguageRules
{
    private static readonly Lazy<LanguageRules> LazyEnglish = new(() => new LanguageRules(
        LanguageCodes.English,
        negators: ["not", "no", "never", "nothing", "nobody", "none", "neither", "nor", "without", "cannot", "hardly", "barely",
            "dont", "didnt", "doesnt", "isnt", "wasnt", "werent", "arent", "cant", "couldnt", "wont", "wouldnt", "shouldnt",
            "havent", "hasnt", "hadnt", "aint", "nope", "lack", "lacks", "lacked"],
        intensifiers: ["very", "really", "so", "extremely", "super", "totally", "absolutely", "incredibly", "too", "most",
            "completely", "highly", "particularly", "especially", "truly", "seriously", "utterly", "insanely", "terribly",
            "such", "way", "damn", "freaking", "hugely", "remarkably", "exceptionally", "amazingly", "awfully", "thoroughly", "all"],
        diminishers: ["slightly", "somewhat", "bit", "kinda", "sorta", "fairly", "partly", "marginally", "occasionally", "almost", "little", "mostly"],
        contrasts: ["but", "however", "although", "though", "nevertheless", "nonetheless", "yet", "except"],
        backwardNegation: false));

    private static readonly Lazy<LanguageRules> LazyPersian = new(() => new LanguageRules(
        LanguageCodes.Persian,
        negators: ["نه", "بدون", "نمی", "نیست", "نیستن", "نیستند", "نیس", "نیستش"],
        intensifiers: ["خیلی", "بسیار", "واقعا", "واقعن", "کاملا", "بینهایت", "اصلا", "اصلن", "شدیدا", "حسابی", "انقدر", "اینقدر",
            "چقدر", "زیادی", "جدا", "بیش", "همیشه", "هیچ", "کلا", "بشدت", "شدید", "کلی", "هنوز"],
        diminishers: ["یکم", "کمی", "یکمی", "نسبتا", "نسبتاً", "تقریبا", "یخورده", "کمابیش", "نسبتن"],
        contrasts: ["ولی", "اما", "ولیکن", "لیکن", "منتها", "ولیک", "ولیکن", "منتهی"],
        backwardNegation: true));

    private static readonly Lazy<LanguageRules> LazyArabic = new(() => new LanguageRules(
        LanguageCodes.Arabic,
        negators: ["لا", "ما", "ليس", "ليست", "لست", "لسنا", "مش", "مو", "مب", "غير", "لم", "لن", "مافي", "مفيش", "ماكو", "بدون",
            "بلا", "ولا", "وما", "ومش", "ولم", "ولن", "ماهو", "ماهي", "مهو", "مهي", "عمري", "محد", "ماحد", "مافيه", "مابي"],
        intensifiers: ["جدا", "كتير", "كثير", "اوي", "قوي", "مره", "خالص", "للغايه", "تماما", "اكثر", "بجد", "بزاف", "وايد", "حيل",
            "مرا", "ابدا", "اطلاقا", "كثيرا", "جامد", "موت", "بشكل", "كلش", "بالمره"],
        diminishers: ["شويه", "شوي", "نوعا", "قليلا", "نسبيا", "تقريبا", "بعض"],
        contrasts: ["لكن", "ولكن", "بس", "لاكن", "ولاكن", "لكنه", "لكنها", "بينما", "الا"],
        backwardNegation: false));

    // Verb stems that take the Persian negative prefix ن-: نبود, نرسید, نداشت, نکرد ...
    private static readonly FrozenSet<string> PersianVerbStems = new[]
    {
        "بود", "بودن", "بودند", "بوده", "باشه", "باشد", "داشت", "داشتن", "داشتند", "داره", "دارد", "دارن", "دارند", "دارم",
        "دارید", "دارین", "رسید", "رسیده", "رسیدن", "اومد", "اومده", "آمد", "آمده", "یومد", "یومده", "یامد", "یامده", "کرد",
        "کرده", "کردن", "کردند", "کنید", "کنین", "کنه", "کند", "شد", "شده", "شدن", "شه", "خورد", "خورده", "دید", "دیدم",
        "دیده", "گرفت", "گرفتم", "گرفته", "زد", "فرستاد", "فرستادن", "فرستاده", "داد", "دادن", "داده", "دادند", "ارزید",
        "ارزه", "ارزد", "چسبید", "پخته", "پخت", "خواهم", "خوام", "خواست", "ذاشت", "ذاشتن", "گذاشت", "گذاشتن", "یاورد",
        "یاوردن", "یاورده", "بود", "خوردم", "دیدیم", "گرفتیم", "کردم", "کردیم", "شدم", "شدیم", "رسوند", "رسوندن", "رسیدم",
    }.ToFrozenSet(StringComparer.Ordinal);

    private LanguageRules(string language, string[] negators, string[] intensifiers, string[] diminishers, string[] contrasts, bool backwardNegation)
    {
        Language = language;
        Negators = Normalize(negators, language);
        Intensifiers = Normalize(intensifiers, language);
        Diminishers = Normalize(diminishers, language);
        Contrasts = Normalize(contrasts, language);
        BackwardNegation = backwardNegation;
    }

    public static LanguageRules English => LazyEnglish.Value;

    public static LanguageRules Persian => LazyPersian.Value;

    public static LanguageRules Arabic => LazyArabic.Value;

    public string Language { get; }

    public FrozenSet<string> Negators { get; }

    public FrozenSet<string> Intensifiers { get; }

    public FrozenSet<string> Diminishers { get; }

    public FrozenSet<string> Contrasts { get; }

    /// <summary>Persian negates with the verb after what it negates ("خوب نبود"), the others before.</summary>
    public bool BackwardNegation { get; }

    /// <summary>Records each rule word's role in <paramref name="lexicon"/> (contrast wins over negation and so on, as the scorer checks them).</summary>
    public void ApplyTo(Lexicon lexicon)
    {
        foreach (var word in Diminishers)
        {
            lexicon.SetRole(word, WordRole.Diminisher);
        }

        foreach (var word in Intensifiers)
        {
            lexicon.SetRole(word, WordRole.Intensifier);
        }

        foreach (var word in Negators)
        {
            lexicon.SetRole(word, WordRole.Negator);
        }

        foreach (var word in Contrasts)
        {
            lexicon.SetRole(word, WordRole.Contrast);
        }
    }

    public static LanguageRules For(string language) => language switch
    {
        LanguageCodes.Persian => Persian,
        LanguageCodes.Arabic => Arabic,
        _ => English,
    };

    /// <summary>The negators recognised by their form rather than listed: "...n't", نیست..., نـ + verb.</summary>
    public bool IsNegatorByForm(ReadOnlySpan<char> word)
    {
        if (Language == LanguageCodes.English)
        {
            return word.EndsWith("n't", StringComparison.Ordinal);
        }

        // نیستم, نیستیم, نیستید ...: every person of "is not".
        return Language == LanguageCodes.Persian && (word.StartsWith("نیست", StringComparison.Ordinal) || IsPersianNegatedVerb(word));
    }

    /// <summary>
    /// A positive Persian verb form (بود, است, رسید, میشه ...): a negated verb after it belongs to
    /// another clause, so "غذا عالی بود پیک نیومد" does not negate «عالی».
    /// </summary>
    public static bool IsPersianVerb(ReadOnlySpan<char> word)
    {
        if (word is "است" or "هست" or "هستن" or "هستند" or "هستش" or "بودش" or "ست")
        {
            return true;
        }

        if (word.Length >= 4 && word[0] == '\u0645' && word[1] == Chars.FaYeh)
        {
            // می‌شه, میاد, میده: the continuous prefix.
            return true;
        }

        return PersianVerbStems.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);
    }

    public static bool IsPersianNegatedVerb(ReadOnlySpan<char> word)
    {
        if (word.Length < 3 || word[0] != '\u0646')
        {
            return false;
        }

        // نمی‌خوام, نمیدم, نمی‌ارزه: the continuous negative prefix.
        if (word.Length >= 5 && word[1] == '\u0645' && word[2] == Chars.FaYeh)
        {
            return true;
        }

        // Conjugated forms (نرسیدید, نکردند) start with a listed stem; two-letter stems (شد, زد)
        // must match whole, or "نزدیک" (near) would read as "did not hit".
        var rest = word[1..];
        var stems = PersianVerbStems.GetAlternateLookup<ReadOnlySpan<char>>();
        if (stems.Contains(rest))
        {
            return true;
        }

        for (var length = Math.Min(rest.Length - 1, 5); length >= 3; length--)
        {
            if (stems.Contains(rest[..length]))
            {
                return true;
            }
        }

        return false;
    }

    private static FrozenSet<string> Normalize(string[] words, string language) =>
        words.Select(w => TextNormalizer.Normalize(w, language).Replace("\u200C", string.Empty, StringComparison.Ordinal))
            .ToFrozenSet(StringComparer.Ordinal);
}
