using System.Globalization;
using Hamdel.Text.Normalization;

namespace Hamdel.Text.Sentiment;

/// <summary>
/// Word and phrase valences (VADER scale, −4 to +4) for one language, keyed by the analysis
/// normal form without ZWNJ, looked up by span so scoring allocates nothing.
/// </summary>
internal sealed class Lexicon
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public Lexicon(string language)
    {
        Language = language;
        _lookup = _entries.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Language { get; }

    public int Count => _entries.Count;

    /// <summary>Adds a word or phrase; an existing single-word valence is replaced only when <paramref name="overwrite"/>.</summary>
    public void Add(string phrase, float valence, bool overwrite)
    {
        var normalized = TextNormalizer.Normalize(phrase, Language).Replace("\u200C", string.Empty, StringComparison.Ordinal);
        var words = normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return;
        }

        if (!_entries.TryGetValue(words[0], out var entry))
        {
            entry = new Entry();
            _entries.Add(words[0], entry);
        }

        if (words.Length == 1)
        {
            if (overwrite || float.IsNaN(entry.Valence))
            {
                entry.Valence = valence;
            }

            return;
        }

        entry.Phrases ??= [];
        var rest = words[1..];
        var existing = entry.Phrases.FindIndex(p => p.Rest.AsSpan().SequenceEqual(rest));
        if (existing >= 0)
        {
            if (overwrite)
            {
                entry.Phrases[existing] = new Phrase(rest, valence);
            }

            return;
        }

        entry.Phrases.Add(new Phrase(rest, valence));

        // Longest phrases are tried first.
        entry.Phrases.Sort(static (a, b) => b.Rest.Length.CompareTo(a.Rest.Length));
    }

    public bool TryGet(ReadOnlySpan<char> word, out Entry entry) => _lookup.TryGetValue(word, out entry!);

    public bool ContainsWord(ReadOnlySpan<char> word) => _lookup.TryGetValue(word, out var entry) && !float.IsNaN(entry.Valence);

    /// <summary>Marks single words with a rule role (negator, intensifier ...), adding them when absent.</summary>
    public void SetRole(string word, WordRole role)
    {
        if (!_entries.TryGetValue(word, out var entry))
        {
            entry = new Entry();
            _entries.Add(word, entry);
        }

        entry.Role = role;
    }

    /// <summary>Reads "phrase TAB valence" lines; '#' starts a comment.</summary>
    public void LoadTsv(TextReader reader, bool overwrite)
    {
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0)
            {
                continue;
            }

            var valueEnd = line.IndexOf('\t', tab + 1);
            var value = valueEnd < 0 ? line.AsSpan(tab + 1) : line.AsSpan(tab + 1, valueEnd - tab - 1);
            if (float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var valence))
            {
                Add(line[..tab], valence, overwrite);
            }
        }
    }

    internal sealed class Entry
    {
        public float Valence { get; set; } = float.NaN;

        /// <summary>The word's rule role, so one lookup tells the scorer both meaning and role.</summary>
        public WordRole Role { get; set; }

        public List<Phrase>? Phrases { get; set; }
    }

    internal readonly record struct Phrase(string[] Rest, float Valence);
}

/// <summary>What a function word does to the sentiment words around it.</summary>
internal enum WordRole : byte
{
    None,
    Contrast,
    Negator,
    Intensifier,
    Diminisher,
}
