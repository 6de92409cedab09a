using System.Globalization;

namespace Hamdel.Text.Normalization;

internal enum TokenKind : byte
{
    Word,
    Emoji,
    Emoticon,
    Punctuation,
}

/// <summary>A token as a slice of the normalised text, so tokenising allocates nothing per token.</summary>
internal readonly record struct Token(int Start, int Length, TokenKind Kind)
{
    public ReadOnlySpan<char> In(string text) => text.AsSpan(Start, Length);

    public bool IsClauseBoundary(string text) =>
        Kind == TokenKind.Punctuation && text[Start] is '.' or '!' or '?' or ';' or ',' or ':' or '\n';
}

/// <summary>Splits analysis-normalised text into words, emoji, emoticons and punctuation.</summary>
internal static class Tokenizer
{
    // Longest first so that ":-)" wins over ":-".
    private static readonly string[] Emoticons =
    [
        ":-)))", ":)))", "</3", ":'(", ":-))", ":-((", ":))", ":((", ":-)", ":-(", ":-d", ":-p", ":-/", ";-)", ":-*",
        ":)", ":(", ":d", ":p", ";)", ":/", ":|", ":*", ":o", "<3", "=)", "=(", "(:", "):", "^^", "^_^", "-_-", "xd",
    ];

    /// <summary>Tokenises into <paramref name="tokens"/> and returns the count; never writes more than text.Length tokens.</summary>
    public static int Tokenize(string text, Span<Token> tokens)
    {
        var count = 0;
        var i = 0;
        while (i < text.Length && count < tokens.Length)
        {
            var c = text[i];
            if (c == ' ')
            {
                i++;
                continue;
            }

            if (IsWordChar(c))
            {
                var start = i;
                while (i < text.Length && (IsWordChar(text[i]) || IsWordInnerJoiner(text, i)))
                {
                    i++;
                }

                // "xd" is an emoticon only as a whole word.
                tokens[count++] = new Token(start, i - start, i - start == 2 && text[start] == 'x' && text[start + 1] == 'd' ? TokenKind.Emoticon : TokenKind.Word);
                continue;
            }

            if (char.IsHighSurrogate(c) || IsBmpSymbol(c))
            {
                var start = i;
                i += char.IsHighSurrogate(c) && i + 1 < text.Length ? 2 : 1;

                // Variation selectors, skin tones and ZWJ sequences belong to the emoji before them.
                while (i < text.Length)
                {
                    if (text[i] is '\uFE0F' or '\uFE0E' or '\u20E3')
                    {
                        i++;
                    }
                    else if (text[i] == Chars.Zwj && i + 1 < text.Length)
                    {
                        i += char.IsHighSurrogate(text[i + 1]) && i + 2 < text.Length ? 3 : 2;
                    }
                    else if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && text[i] == '\uD83C' && text[i + 1] is >= '\uDFFB' and <= '\uDFFF')
                    {
                        i += 2;
                    }
                    else
                    {
                        break;
                    }
                }

                tokens[count++] = new Token(start, i - start, TokenKind.Emoji);
                continue;
            }

            var emoticon = MatchEmoticon(text, i);
            if (emoticon > 0)
            {
                tokens[count++] = new Token(i, emoticon, TokenKind.Emoticon);
                i += emoticon;
                continue;
            }

            tokens[count++] = new Token(i, 1, TokenKind.Punctuation);
            i++;
        }

        return count;
    }

    public static bool IsWordChar(char c) =>
        char.IsLetterOrDigit(c) || c == '_' || (c >= '\u064B' && c <= '\u065F');

    // Apostrophes inside Latin words ("don't") and ZWNJ inside Persian words join; elsewhere they split.
    private static bool IsWordInnerJoiner(string text, int i) =>
        (text[i] == '\'' || text[i] == Chars.Zwnj) && i > 0 && i + 1 < text.Length && IsWordChar(text[i - 1]) && IsWordChar(text[i + 1]);

    private static bool IsBmpSymbol(char c) =>
        c > '\u2000' && !char.IsSurrogate(c) && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.OtherSymbol;

    private static int MatchEmoticon(string text, int i)
    {
        if (text[i] is not (':' or ';' or '<' or '=' or '(' or ')' or '^' or '-'))
        {
            return 0;
        }

        foreach (var e in Emoticons)
        {
            if (string.CompareOrdinal(text, i, e, 0, e.Length) == 0 && i + e.Length <= text.Length)
            {
                // An emoticon must not be glued to a word on its right (":d" in ":done").
                var end = i + e.Length;
                if (end < text.Length && char.IsLetterOrDigit(text[end]) && char.IsLetterOrDigit(e[^1]))
                {
                    continue;
                }

                return e.Length;
            }
        }

        return 0;
    }
}
