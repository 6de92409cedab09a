using System.Buffers;
using System.Globalization;
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
public static class TextNormalizer
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

    /// <summary>
    /// Masks URLs, then e-mail addresses, then phone numbers, each in one scan without regular
    /// expressions: a URL runs from "http://", "https://" or "www." to the next space; an e-mail
    /// is word characters (and . + -) before an '@' and a dotted domain after it; a phone number
    /// starts at a digit or '+' not glued to a word, continues over digits, spaces, '-', '.', '('
    /// and ')', ends on a digit not followed by a word character, is 7–24 characters long from
    /// its first digit and has 8–15 digits (7–15 after a '+').
    /// </summary>
    internal static string Mask(string text)
    {
        var masked = text;
        if (masked.Contains("://", StringComparison.Ordinal) || masked.Contains("www.", StringComparison.Ordinal))
        {
            masked = Replace(masked, UrlToken, static (t, i) =>
                (t[i] == 'h' || t[i] == 'w') && StartsUrl(t, i) ? (i, UrlEnd(t, i), 0) : (-1, -1, 1));
        }

        if (masked.Contains('@', StringComparison.Ordinal))
        {
            masked = Replace(masked, EmailToken, static (t, i) =>
                t[i] == '@' && TryEmail(t, i, out var start, out var end) ? (start, end, 0) : (-1, -1, 1));
        }

        if (CountDigits(masked) >= 7)
        {
            masked = Replace(masked, PhoneToken, static (t, i) =>
            {
                var c = t[i];
                if (!(char.IsAsciiDigit(c) || (c == '+' && i + 1 < t.Length && char.IsAsciiDigit(t[i + 1]))) || (i > 0 && IsWordChar(t[i - 1])))
                {
                    return (-1, -1, 1);
                }

                var end = PhoneEnd(t, i);
                if (end < 0)
                {
                    return (-1, -1, 1);
                }

                var digits = CountDigits(t.AsSpan(i, end - i));
                return digits is >= 8 and <= 15 || (c == '+' && digits is >= 7 and <= 15)
                    ? (i, end, 0)
                    : (-1, -1, end - i); // not a phone number: skip the run, as a regular expression would
            });
        }

        return ReferenceEquals(masked, text) ? text : CollapseSpaces(masked);
    }

    /// <summary>
    /// Scans left to right; <paramref name="match"/> returns the span to replace, or (-1, -1, skip)
    /// to move on by skip characters. A match may start before i (an e-mail's local part) but never
    /// before the end of the previous replacement.
    /// </summary>
    private static string Replace(string text, string token, Func<string, int, (int Start, int End, int Skip)> match)
    {
        System.Text.StringBuilder? builder = null;
        var copied = 0;
        var i = 0;
        while (i < text.Length)
        {
            var (start, end, skip) = match(text, i);
            if (start < 0 || start < copied)
            {
                i += Math.Max(skip, 1);
                continue;
            }

            builder ??= new System.Text.StringBuilder(text.Length + 16);
            builder.Append(text, copied, start - copied).Append(' ').Append(token).Append(' ');
            copied = end;
            i = end;
        }

        return builder is null ? text : builder.Append(text, copied, text.Length - copied).ToString();
    }

    private static int UrlEnd(string text, int i)
    {
        while (i < text.Length && !char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    private static bool StartsUrl(string text, int i) =>
        text.AsSpan(i).StartsWith("http://", StringComparison.Ordinal) || text.AsSpan(i).StartsWith("https://", StringComparison.Ordinal)
        || text.AsSpan(i).StartsWith("www.", StringComparison.Ordinal);

    private static bool IsWordChar(char c) =>
        char.IsLetterOrDigit(c) || c == '_' || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.ConnectorPunctuation;

    private static bool IsEmailLocal(char c) => IsWordChar(c) || c is '.' or '+' or '-';

    private static bool IsDomainChar(char c) => IsWordChar(c) || c == '-';

    private static bool TryEmail(string text, int at, out int start, out int end)
    {
        start = at;
        while (start > 0 && IsEmailLocal(text[start - 1]))
        {
            start--;
        }

        end = at + 1;
        while (end < text.Length && IsDomainChar(text[end]))
        {
            end++;
        }

        if (start == at || end == at + 1)
        {
            return false;
        }

        var groups = 0;
        while (end + 1 < text.Length && text[end] == '.' && IsDomainChar(text[end + 1]))
        {
            end += 2;
            while (end < text.Length && IsDomainChar(text[end]))
            {
                end++;
            }

            groups++;
        }

        return groups > 0;
    }

    // The end (exclusive) of a phone-like run starting at i, or -1.
    private static int PhoneEnd(string text, int i)
    {
        var first = text[i] == '+' ? i + 1 : i;
        var limit = Math.Min(text.Length, first + 24);
        var j = first + 1;
        while (j < limit && (char.IsAsciiDigit(text[j]) || text[j] is ' ' or '-' or '(' or ')' or '.' || char.IsWhiteSpace(text[j])))
        {
            j++;
        }

        for (var last = j - 1; last >= first + 6; last--)
        {
            if (char.IsAsciiDigit(text[last]) && (last + 1 >= text.Length || !IsWordChar(text[last + 1])))
            {
                return last + 1;
            }
        }

        return -1;
    }

    private static string CollapseSpaces(string text)
    {
        var result = new System.Text.StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (ch == ' ' && (result.Length == 0 || result[^1] == ' '))
            {
                continue;
            }

            result.Append(ch);
        }

        while (result.Length > 0 && result[^1] == ' ')
        {
            result.Length--;
        }

        return result.ToString();
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
}
