using Hamdel.Text.Normalization;

namespace Hamdel.Text.Sentiment;

/// <summary>
/// Turns a tokenised text into hashed sparse features for the linear model: words (marked when
/// inside a negation), word bigrams, character n-grams of each word, emoji and emoticons.
/// Hashing needs no vocabulary file, so the shipped model is one weight array.
/// </summary>
internal static class FeatureHasher
{
    private const uint SeedWord = 0x9E3779B1;
    private const uint SeedNegated = 0x85EBCA77;
    private const uint SeedBigram = 0xC2B2AE3D;
    private const uint SeedChar = 0x27D4EB2F;
    private const uint SeedSymbol = 0x165667B1;
    private const int MaxWordForChars = 24;

    /// <summary>Writes feature indices below 2^bits into <paramref name="indices"/>; returns how many (repeats allowed).</summary>
    public static int Extract(string text, ReadOnlySpan<Token> tokens, ReadOnlySpan<bool> negated, int bits, int minN, int maxN, Span<int> indices)
    {
        var mask = (1 << bits) - 1;
        var count = 0;
        uint previous = 0;
        Span<char> word = stackalloc char[MaxWordForChars + 2];
        for (var t = 0; t < tokens.Length; t++)
        {
            var token = tokens[t];
            var span = token.In(text);
            if (token.Kind == TokenKind.Punctuation)
            {
                if (span[0] is '!' or '?')
                {
                    Add(indices, ref count, (int)(Hash(span, SeedSymbol) & mask));
                }

                previous = 0;
                continue;
            }

            if (token.Kind is TokenKind.Emoji or TokenKind.Emoticon)
            {
                // Skin tones and variation selectors do not change what an emoji says.
                var key = token.Kind == TokenKind.Emoji && span.Length > 2 && char.IsHighSurrogate(span[0]) ? span[..2] : span;
                Add(indices, ref count, (int)(Hash(key, SeedSymbol) & mask));
                previous = 0;
                continue;
            }

            var h = Hash(span, negated[t] ? SeedNegated : SeedWord);
            Add(indices, ref count, (int)(h & mask));
            if (previous != 0)
            {
                Add(indices, ref count, (int)(Mix((previous * SeedBigram) ^ h) & mask));
            }

            previous = h;
            if (maxN == 0 || span.Length > MaxWordForChars || char.IsAsciiDigit(span[0]))
            {
                continue;
            }

            // A negated word's pieces must not look like the word itself, or "مش حلو" would borrow
            // the positive weight of «حلو»'s character n-grams.
            var charSeed = negated[t] ? SeedChar ^ SeedNegated : SeedChar;
            var length = 0;
            word[length++] = '<';
            foreach (var c in span)
            {
                if (c != Chars.Zwnj)
                {
                    word[length++] = c;
                }
            }

            word[length++] = '>';
            for (var size = minN; size <= maxN; size++)
            {
                for (var start = 0; start + size <= length; start++)
                {
                    Add(indices, ref count, (int)(Hash(word.Slice(start, size), charSeed + (uint)size) & mask));
                }
            }
        }

        return count;
    }

    private static void Add(Span<int> indices, ref int count, int index)
    {
        if (count < indices.Length)
        {
            indices[count++] = index;
        }
    }

    /// <summary>FNV-1a over UTF-16 code units with a seed, finished with a murmur mix for spread.</summary>
    public static uint Hash(ReadOnlySpan<char> span, uint seed)
    {
        var h = 2166136261u ^ seed;
        foreach (var c in span)
        {
            h = (h ^ c) * 16777619u;
        }

        return Mix(h);
    }

    private static uint Mix(uint h)
    {
        h ^= h >> 16;
        h *= 0x85EBCA6B;
        h ^= h >> 13;
        h *= 0xC2B2AE35;
        h ^= h >> 16;
        return h;
    }
}
