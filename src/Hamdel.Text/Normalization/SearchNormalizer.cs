using System.Buffers;
using System.Globalization;
using System.Text;

namespace Hamdel.Text.Normalization;

/// <summary>
/// Builds search keys: two spellings a person would call "the same word" get the same key.
/// </summary>
/// <remarks>
/// «كيك» and «کیک», «۱۲۳», «١٢٣» and "123", «می‌خواهم» and «میخواهم», «مُحَمَّد» and «محمد»,
/// "Café" and "cafe" give identical keys. Arabic and Persian yeh (ي ى ی ئ) fold to ی, kaf (ك ک)
/// to ک, alef with hamza or madda to ا, ؤ to و, ة and ۀ to ه; a lone hamza, tashkeel, tatweel,
/// zero-width (non-)joiners and bidi controls are dropped; Latin accents are removed and text is
/// lower-cased (invariant culture); whitespace runs become one space and ends are trimmed.
/// Unlike <see cref="TextNormalizer"/> it keeps elongated letters and masks nothing, so a key never
/// loses what a user could search for. A string that is already a key is returned as is, without
/// allocating.
/// </remarks>
public static class SearchNormalizer
{
    /// <summary>Returns the search key of <paramref name="text"/>; null gives an empty string.</summary>
    public static string Key(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var source = text;
        if (NeedsSlowPath(text))
        {
            source = Decompose(text);
        }

        var rented = source.Length <= 256 ? null : ArrayPool<char>.Shared.Rent(source.Length);
        var buffer = rented ?? stackalloc char[256];
        try
        {
            var length = Fold(source, buffer, out var changed);
            if (!changed && ReferenceEquals(source, text))
            {
                return text;
            }

            return new string(buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>True when two texts have the same search key.</summary>
    public static bool KeysEqual(string? left, string? right) =>
        string.Equals(Key(left), Key(right), StringComparison.Ordinal);

    private static bool NeedsSlowPath(string text)
    {
        foreach (var c in text)
        {
            if (Chars.NeedsCompatibilityNormalization(c) || (c >= '\u00C0' && c <= '\u024F'))
            {
                return true;
            }
        }

        return false;
    }

    private static string Decompose(string text)
    {
        // NFKC first (presentation forms, full width), then NFD so that accents and composed hamza
        // forms become a base letter plus a mark that Fold drops.
        var repaired = Chars.RepairSurrogates(text);
        var decomposed = repaired.Normalize(NormalizationForm.FormKC).Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (c == '\uFFFD')
            {
                continue;
            }

            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark && !Chars.IsArabicScript(c))
            {
                continue;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static int Fold(string text, Span<char> output, out bool changed)
    {
        var n = 0;
        changed = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            char mapped;
            if (c < 128)
            {
                if (c is >= 'A' and <= 'Z')
                {
                    mapped = (char)(c + 32);
                }
                else if (c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v')
                {
                    if (n == 0 || output[n - 1] == ' ' || c != ' ')
                    {
                        changed = true;
                    }

                    if (n > 0 && output[n - 1] != ' ')
                    {
                        output[n++] = ' ';
                    }

                    continue;
                }
                else
                {
                    mapped = c;
                }
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                // Emoji and other astral characters are kept whole.
                output[n++] = c;
                output[n++] = text[++i];
                continue;
            }
            else if (Chars.IsArabicDiacritic(c) || c == Chars.Tatweel || c == Chars.Zwnj || c == Chars.Zwj || c == '\uFFFD' || char.IsSurrogate(c)
                || Chars.IsIgnorableFormat(c) || c == '\u0621' || (c >= '\u0653' && c <= '\u0655'))
            {
                changed = true;
                continue;
            }
            else if (char.IsWhiteSpace(c) || c == '\u200B')
            {
                changed = true;
                if (n > 0 && output[n - 1] != ' ')
                {
                    output[n++] = ' ';
                }

                continue;
            }
            else
            {
                mapped = c switch
                {
                    >= '\u06F0' and <= '\u06F9' or >= '\u0660' and <= '\u0669' => Chars.FoldDigit(c),
                    Chars.ArYeh or Chars.ArAlefMaksura or '\u0626' or '\u06D2' => Chars.FaYeh,
                    Chars.ArKaf => Chars.FaKeheh,
                    '\u0623' or '\u0625' or '\u0622' or '\u0671' => '\u0627',
                    '\u0624' => '\u0648',
                    Chars.TehMarbuta or '\u06C0' or '\u06D5' => Chars.Heh,
                    '\u060C' => ',',
                    '\u061B' => ';',
                    '\u061F' => '?',
                    _ => char.IsUpper(c) ? char.ToLowerInvariant(c) : c,
                };
            }

            if (mapped != c)
            {
                changed = true;
            }

            output[n++] = mapped;
        }

        if (n > 0 && output[n - 1] == ' ')
        {
            n--;
            changed = true;
        }

        return n;
    }
}
