using System.Buffers;
using System.Text.RegularExpressions;
using Hamdel.Text.Languages;

namespace Hamdel.Text.Normalization;

/// <summary>
/// Normalises customer text for analysis: the form the language detector, sentiment and topic
/// matching read. It is not meant for display.
/// </summary>
/// <remarks>
/// What it does, in order: Unicode compatibility normalisation (NFKC) when presentation forms,
/// full-width letters or composing marks are present; removal of tashkeel, tatweel and invisible
/// bidi/format characters; Persian (۰-۹) and Arabic-Indic (٠-٩) digits to ASCII; yeh and kaf
/// unified per language (ی/ک for Persian, ي/ك for Arabic, which also folds أ/إ/آ to ا, ى to ي
/// and ة to ه); the zero-width non-joiner kept only inside Persian words; lower case; letters
/// repeated three or more times reduced (one letter in Arabic script, two in Latin script, "ههه"
/// and "خخخ" laughter kept as three); runs of whitespace to one space; URLs, e-mail addresses and
/// phone numbers (8–15 digits, or 7+ after "+") masked as <c>_url_</c>, <c>_email_</c> and
/// <c>_phone_</c>. Emoji are kept.
/// </remarks>
public static partial class TextNormalizer
{
    /// <summary>Placeholder that replaces a URL.</summary>
    public const string UrlToken = "_url_";

    /// <summary>Placeholder that replaces an e-mail address.</summary>
    public const string EmailToken = "_email_";

    /// <summary>Placeholder that replaces a phone number.</summary>
    public const string PhoneToken = "_phone_";

    /// <summary>Normalises <paramref name="text"/> for analysis in <paramref name="language"/>.</summary>
    /// <param name="text">Any text; null or empty gives an empty string.</param>
    /// <param name="language">"fa", "ar", "en"; null detects it with <see cref="LanguageDetector"/>.</param>
    public static string Normalize(string? text, string? language = null)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        language ??= LanguageDetector.Detect(text).Language;
        var arabic = language == LanguageCodes.Arabic;
        var persian = !arabic;
        text = Chars.CompatibilityNormalizeIfNeeded(text);

        var rented = text.Length <= 512 ? null : ArrayPool<char>.Shared.Rent(text.Length);
        var buffer = rented ?? stackalloc char[512];
        try
        {
            var length = Fold(text, buffer, arabic, persian, out var maybeMaskable);
            var result = new string(buffer[..length]);
            return maybeMaskable ? Mask(result) : result;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static int Fold(string text, Span<char> output, bool arabic, bool persian, out bool maybeMaskable)
    {
        var n = 0;
        var run = 0;
        var last = '\0';
        var digits = 0;
        maybeMaskable = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsSurrogate(c))
            {
                // Emoji and other astral characters are kept whole; a lone surrogate is dropped.
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    output[n++] = c;
                    output[n++] = text[++i];
                    last = text[i];
                    run = 1;
                }

                continue;
            }

            if (Chars.IsArabicDiacritic(c) || c == Chars.Tatweel || Chars.IsIgnorableFormat(c) || c == '\uFFFD')
            {
                continue;
            }

            if (c == Chars.Zwnj)
            {
                // Kept as the joiner inside a Persian word (می‌خواهم); anywhere else it is noise.
                if (persian && n > 0 && Chars.IsArabicLetter(output[n - 1]) && NextIsArabicLetter(text, i + 1) && output[n - 1] != Chars.Zwnj)
                {
                    output[n++] = c;
                    last = c;
                    run = 1;
                }

                continue;
            }

            if (c == Chars.Zwj)
            {
                // Only emoji sequences (family, profession) use the joiner.
                if (n > 0 && char.IsLowSurrogate(output[n - 1]))
                {
                    output[n++] = c;
                    last = c;
                }

                continue;
            }

            if (char.IsWhiteSpace(c) || c == '\u200B')
            {
                if (n > 0 && output[n - 1] != ' ')
                {
                    output[n++] = ' ';
                }

                last = ' ';
                run = 0;
                continue;
            }

            c = Map(c, arabic);
            if (c is >= '0' and <= '9')
            {
                digits++;
            }
            else if (c == '@' || c == ':' || c == '+')
            {
                maybeMaskable = true;
            }
            else if (c == 'w' && n >= 2 && output[n - 1] == 'w' && output[n - 2] == 'w')
            {
                maybeMaskable = true;
            }

            if (c == last)
            {
                run++;
                if (Chars.IsArabicLetter(c))
                {
                    // Legitimate doubles exist (ممنون, الله); triples are elongation, except laughter.
                    var keep = c is '\u0647' or '\u062E' ? 3 : 1;
                    // No Persian or Arabic word doubles alef, so "عاالی" is elongation too.
                    if (c == '\u0627' && run >= 2)
                    {
                        continue;
                    }

                    if (run == 3 && keep == 1)
                    {
                        n--;
                        continue;
                    }

                    if (run >= 3 && run > keep)
                    {
                        continue;
                    }
                }
                else if (char.IsLetter(c))
                {
                    if (run >= 3)
                    {
                        continue;
                    }
                }
                else if (c is '!' or '?' or '.' && run > 3)
                {
                    continue;
                }
            }
            else
            {
                last = c;
                run = 1;
            }

            output[n++] = c;
        }

        if (n > 0 && output[n - 1] == ' ')
        {
            n--;
        }

        if (digits >= 7)
        {
            maybeMaskable = true;
        }

        return n;
    }

    private static bool NextIsArabicLetter(string text, int start)
    {
        for (var j = start; j < text.Length; j++)
        {
            var c = text[j];
            if (Chars.IsArabicDiacritic(c) || c == Chars.Tatweel || c == Chars.Zwnj || Chars.IsIgnorableFormat(c))
            {
                continue;
            }

            return Chars.IsArabicLetter(c);
        }

        return false;
    }

    private static char Map(char c, bool arabic)
    {
        if (c < 128)
        {
            return c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
        }

        switch (c)
        {
            case '\u06F0' or '\u06F1' or '\u06F2' or '\u06F3' or '\u06F4' or '\u06F5' or '\u06F6' or '\u06F7' or '\u06F8' or '\u06F9':
            case '\u0660' or '\u0661' or '\u0662' or '\u0663' or '\u0664' or '\u0665' or '\u0666' or '\u0667' or '\u0668' or '\u0669':
                return Chars.FoldDigit(c);
            case '\u060C' or '\u066C':
                return ',';
            case '\u061B':
                return ';';
            case '\u061F':
                return '?';
            case '\u066A':
                return '%';
            case '\u066B':
                return '.';
            case '\u00AB' or '\u00BB' or '\u201C' or '\u201D' or '\u201E':
                return '"';
            case '\u2018' or '\u2019' or '\u201B' or '\u02BC':
                return '\'';
            case '\u06D5':
                return Chars.Heh;
            default:
                break;
        }

        if (arabic)
        {
            return c switch
            {
                Chars.FaYeh or Chars.ArAlefMaksura or '\u06D2' => Chars.ArYeh,
                Chars.FaKeheh => Chars.ArKaf,
                '\u0623' or '\u0625' or '\u0622' or '\u0671' => '\u0627',
                Chars.TehMarbuta => Chars.Heh,
                _ => char.IsUpper(c) ? char.ToLowerInvariant(c) : c,
            };
        }

        return c switch
        {
            Chars.ArYeh or Chars.ArAlefMaksura or '\u06D2' => Chars.FaYeh,
            Chars.ArKaf => Chars.FaKeheh,
            '\u0623' or '\u0625' or '\u0671' => '\u0627',
            _ => char.IsUpper(c) ? char.ToLowerInvariant(c) : c,
        };
    }

    private static string Mask(string text)
    {
        // Each pattern runs only when its tell-tale is present: most texts have none of them.
        var masked = text;
        if (masked.Contains("://", StringComparison.Ordinal) || masked.Contains("www.", StringComparison.Ordinal))
        {
            masked = UrlPattern().Replace(masked, " " + UrlToken + " ");
        }

        var at = masked.IndexOf('@', StringComparison.Ordinal);
        if (at > 0 && masked.IndexOf('.', at) > at)
        {
            masked = EmailPattern().Replace(masked, " " + EmailToken + " ");
        }

        if (CountDigits(masked) >= 7)
        {
            masked = PhonePattern().Replace(masked, static m =>
            {
                var digits = CountDigits(m.ValueSpan);
                var plus = m.ValueSpan[0] == '+';
                return digits is >= 8 and <= 15 || (plus && digits is >= 7 and <= 15) ? " " + PhoneToken + " " : m.Value;
            });
        }

        return ReferenceEquals(masked, text) ? text : WhitespaceRun().Replace(masked, " ").Trim();
    }

    private static int CountDigits(ReadOnlySpan<char> text)
    {
        var digits = 0;
        foreach (var ch in text)
        {
            if (ch is >= '0' and <= '9')
            {
                digits++;
            }
        }

        return digits;
    }

    [GeneratedRegex(@"(?:https?://|www\.)[^\s]+", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"(?<![\w])\+?[0-9][0-9\s\-().]{5,22}[0-9](?![\w])", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@" {2,}", RegexOptions.CultureInvariant)]
    private static partial Regex WhitespaceRun();
}
