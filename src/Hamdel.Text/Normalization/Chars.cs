namespace Hamdel.Text.Normalization;

/// <summary>Character classes of the Arabic script and the folds shared by the normalisers.</summary>
internal static class Chars
{
    public const char Zwnj = '\u200C';
    public const char Zwj = '\u200D';
    public const char Tatweel = '\u0640';

    // Persian keyboard letters and their Arabic counterparts.
    public const char FaYeh = '\u06CC';
    public const char FaKeheh = '\u06A9';
    public const char ArYeh = '\u064A';
    public const char ArAlefMaksura = '\u0649';
    public const char ArKaf = '\u0643';
    public const char TehMarbuta = '\u0629';
    public const char Heh = '\u0647';

    public static bool IsArabicScript(char c) =>
        (c >= '\u0600' && c <= '\u06FF') || (c >= '\u0750' && c <= '\u077F') || (c >= '\u08A0' && c <= '\u08FF')
        || (c >= '\uFB50' && c <= '\uFDFF') || (c >= '\uFE70' && c <= '\uFEFF');

    public static bool IsArabicLetter(char c) =>
        (c >= '\u0620' && c <= '\u064A') || (c >= '\u066E' && c <= '\u06D3') || c == '\u06D5'
        || (c >= '\u06FA' && c <= '\u06FC') || c == '\u06FF' || (c >= '\u0750' && c <= '\u077F') || (c >= '\u08A0' && c <= '\u08C9');

    /// <summary>Tashkeel, Quranic marks and the superscript alef: none changes the word for analysis or search.</summary>
    public static bool IsArabicDiacritic(char c) =>
        (c >= '\u064B' && c <= '\u065F') || c == '\u0670' || (c >= '\u06D6' && c <= '\u06DC')
        || (c >= '\u06DF' && c <= '\u06E4') || c == '\u06E7' || c == '\u06E8' || (c >= '\u06EA' && c <= '\u06ED')
        || (c >= '\u0610' && c <= '\u061A') || (c >= '\u08D3' && c <= '\u08FF');

    /// <summary>Invisible formatting characters that never carry meaning (bidi controls, BOM, soft hyphen).</summary>
    public static bool IsIgnorableFormat(char c) =>
        c == '\u200E' || c == '\u200F' || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')
        || c == '\uFEFF' || c == '\u00AD' || c == '\u061C' || c == '\u2060';

    /// <summary>Folds Persian (۰-۹) and Arabic-Indic (٠-٩) digits to ASCII; returns the input otherwise.</summary>
    public static char FoldDigit(char c)
    {
        if (c >= '\u06F0' && c <= '\u06F9')
        {
            return (char)('0' + (c - '\u06F0'));
        }

        if (c >= '\u0660' && c <= '\u0669')
        {
            return (char)('0' + (c - '\u0660'));
        }

        return c;
    }

    /// <summary>
    /// Characters whose presence means the cheap per-character folds are not enough and a Unicode
    /// compatibility normalisation (NFKC) must run first: Arabic presentation forms, full-width Latin,
    /// and combining marks that compose with a preceding letter (for example hamza above on yeh).
    /// </summary>
    public static bool NeedsCompatibilityNormalization(char c) =>
        (c >= '\uFB50' && c <= '\uFDFF') || (c >= '\uFE70' && c <= '\uFEFE') || (c >= '\uFF00' && c <= '\uFFEF')
        || (c >= '\u0653' && c <= '\u0655') || (c >= '\u0300' && c <= '\u036F') || (c >= '\u2160' && c <= '\u2188')
        || (c >= '\u2460' && c <= '\u24FF');

    public static bool IsLatinLetter(char c) =>
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '\u00C0' && c <= '\u024F' && c != '\u00D7' && c != '\u00F7');

    /// <summary>Replaces unpaired surrogates with U+FFFD so that later Unicode APIs never throw.</summary>
    public static string RepairSurrogates(string text)
    {
        var bad = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }

                bad = i;
                break;
            }

            if (char.IsLowSurrogate(c))
            {
                bad = i;
                break;
            }
        }

        if (bad < 0)
        {
            return text;
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                if (char.IsHighSurrogate(c) && i + 1 < source.Length && char.IsLowSurrogate(source[i + 1]))
                {
                    span[i] = c;
                    span[i + 1] = source[i + 1];
                    i++;
                }
                else
                {
                    span[i] = char.IsSurrogate(c) ? '\uFFFD' : c;
                }
            }
        });
    }

    /// <summary>Runs NFKC only when a character needs it; the common case stays allocation-free.</summary>
    public static string CompatibilityNormalizeIfNeeded(string text)
    {
        foreach (var c in text)
        {
            if (NeedsCompatibilityNormalization(c))
            {
                return RepairSurrogates(text).Normalize(System.Text.NormalizationForm.FormKC);
            }
        }

        return text;
    }
}
