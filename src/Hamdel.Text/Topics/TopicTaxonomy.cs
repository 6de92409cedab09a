using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hamdel.Text.Languages;
using Hamdel.Text.Normalization;

namespace Hamdel.Text.Topics;

/// <summary>One topic of a taxonomy and the phrases that signal it, per language.</summary>
/// <param name="Id">Stable identifier stored with results, e.g. "delivery".</param>
/// <param name="Name">Display name per language ("en", "fa", "ar"); the server localises with it.</param>
/// <param name="Phrases">
/// Phrases per language. Words are separated by spaces; a word ending in '*' matches any word it
/// starts ("deliver*" matches "delivered"). Phrases are normalised like the text, so «تاخير» matches
/// «تأخیر» and "۲۴ ساعت" matches "24 ساعت". Arabic words also match after a clitic (و, ب, ال ...).
/// </param>
public sealed record TopicDefinition(
    string Id,
    IReadOnlyDictionary<string, string> Name,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Phrases);

/// <summary>A topic found in a text, with the first phrase that matched and how many matches there were.</summary>
public sealed record TopicMatch(string TopicId, string Phrase, int Count);

/// <summary>
/// A set of topics a workspace can edit: load it from JSON, match texts against it. Immutable and
/// thread-safe once built; build it once per workspace change, not per text.
/// </summary>
public sealed class TopicTaxonomy
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly Lazy<TopicTaxonomy> LazyDefault = new(LoadDefault, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly FrozenDictionary<string, PhraseIndex> _byLanguage;

    /// <summary>Builds a taxonomy; phrases that normalise to nothing are ignored.</summary>
    public TopicTaxonomy(IEnumerable<TopicDefinition> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        Topics = [.. topics];
        var indexes = new Dictionary<string, PhraseIndex>(StringComparer.Ordinal);
        for (var t = 0; t < Topics.Count; t++)
        {
            foreach (var (languageKey, phrases) in Topics[t].Phrases)
            {
                var language = LanguageCodes.FromHint(languageKey) ?? LanguageCodes.English;
                if (!indexes.TryGetValue(language, out var index))
                {
                    index = new PhraseIndex();
                    indexes.Add(language, index);
                }

                foreach (var phrase in phrases)
                {
                    index.Add(t, phrase, language);
                }
            }
        }

        _byLanguage = indexes.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The topics, in their order of definition.</summary>
    public IReadOnlyList<TopicDefinition> Topics { get; }

    /// <summary>
    /// The shipped default: delivery, price, staff attitude, waiting time, product quality,
    /// app/website and refund, each with English, Persian and Arabic phrases.
    /// </summary>
    public static TopicTaxonomy Default => LazyDefault.Value;

    /// <summary>Reads a taxonomy from JSON: an array of topics as written by <see cref="ToJson"/>.</summary>
    public static TopicTaxonomy FromJson(string json) =>
        new(JsonSerializer.Deserialize<List<TopicDefinition>>(json, Json) ?? []);

    /// <summary>Writes the taxonomy as JSON that <see cref="FromJson"/> reads back.</summary>
    public string ToJson() => JsonSerializer.Serialize(Topics, Json);

    /// <summary>Finds the topics of <paramref name="text"/>, detecting its language unless given.</summary>
    public IReadOnlyList<TopicMatch> Match(string? text, string? language = null)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var lang = LanguageCodes.FromHint(language) ?? LanguageDetector.Detect(text).Language;
        var normalized = TextNormalizer.Normalize(text.Length > TextAnalyzer.MaxAnalyzedChars ? text[..TextAnalyzer.MaxAnalyzedChars] : text, lang);
        var tokens = new Token[normalized.Length];
        var count = Tokenizer.Tokenize(normalized, tokens);
        return Match(normalized, tokens.AsSpan(0, count), lang);
    }

    internal IReadOnlyList<TopicMatch> Match(string normalized, ReadOnlySpan<Token> tokens, string language)
    {
        if (tokens.Length == 0 || Topics.Count == 0)
        {
            return [];
        }

        Span<int> counts = Topics.Count <= 64 ? stackalloc int[Topics.Count] : new int[Topics.Count];
        counts.Clear();
        var first = new string?[Topics.Count];
        var any = false;
        if (_byLanguage.TryGetValue(language, out var own))
        {
            any |= own.Match(normalized, tokens, counts, first, latinOnly: false);
        }

        // Latin words inside Persian or Arabic text ("app", "refund") still name topics.
        if (language != LanguageCodes.English && _byLanguage.TryGetValue(LanguageCodes.English, out var english))
        {
            any |= english.Match(normalized, tokens, counts, first, latinOnly: true);
        }

        if (!any)
        {
            return [];
        }

        var matches = new List<TopicMatch>();
        for (var t = 0; t < counts.Length; t++)
        {
            if (counts[t] > 0)
            {
                matches.Add(new TopicMatch(Topics[t].Id, first[t]!, counts[t]));
            }
        }

        return matches;
    }

    private static TopicTaxonomy LoadDefault()
    {
        using var stream = Sentiment.Lexicons.Open("topics-default.json");
        using var reader = new StreamReader(stream);
        return FromJson(reader.ReadToEnd());
    }

    /// <summary>Phrases of one language, indexed by their first word (exact) or its first two letters (prefix).</summary>
    private sealed class PhraseIndex
    {
        private static readonly string[] ArabicClitics = ["وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ف", "ل"];

        private readonly Dictionary<string, List<Compiled>> _exact = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<Compiled>> _prefix = new(StringComparer.Ordinal);
        private string _language = LanguageCodes.English;

        public void Add(int topic, string phrase, string language)
        {
            _language = language;
            var words = new List<(string Text, bool Prefix)>();
            foreach (var raw in phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var prefix = raw.EndsWith('*');
                var normalized = TextNormalizer.Normalize(prefix ? raw[..^1] : raw, language).Replace("\u200C", string.Empty, StringComparison.Ordinal);
                foreach (var part in normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    words.Add((part, false));
                }

                if (prefix && words.Count > 0)
                {
                    words[^1] = (words[^1].Text, true);
                }
            }

            if (words.Count == 0 || (words[0].Prefix && words[0].Text.Length < 2))
            {
                return;
            }

            var compiled = new Compiled(topic, phrase, [.. words.Select(w => w.Text)], [.. words.Select(w => w.Prefix)]);
            var (map, key) = words[0].Prefix ? (_prefix, words[0].Text[..2]) : (_exact, words[0].Text);
            if (!map.TryGetValue(key, out var list))
            {
                list = [];
                map.Add(key, list);
            }

            list.Add(compiled);
        }

        public bool Match(string text, ReadOnlySpan<Token> tokens, Span<int> counts, string?[] first, bool latinOnly)
        {
            var exact = _exact.GetAlternateLookup<ReadOnlySpan<char>>();
            var prefix = _prefix.GetAlternateLookup<ReadOnlySpan<char>>();
            var arabic = _language == LanguageCodes.Arabic;
            var any = false;
            Span<char> buffer = stackalloc char[64];
            for (var i = 0; i < tokens.Length; i++)
            {
                if (tokens[i].Kind != TokenKind.Word)
                {
                    continue;
                }

                var word = Clean(tokens[i].In(text), buffer[..32]);
                if (latinOnly && !Chars.IsLatinLetter(word[0]))
                {
                    continue;
                }

                var stripped = arabic ? StripClitic(word) : word;
                var exactHit = TryList(exact, word, text, tokens, i, counts, first);
                if (!exactHit && stripped.Length != word.Length)
                {
                    exactHit = TryList(exact, stripped, text, tokens, i, counts, first);
                }

                var prefixHit = word.Length >= 2 && TryList(prefix, word[..2], text, tokens, i, counts, first);
                if (!prefixHit && stripped.Length != word.Length && stripped.Length >= 2)
                {
                    prefixHit = TryList(prefix, stripped[..2], text, tokens, i, counts, first);
                }

                any |= exactHit | prefixHit;
            }

            return any;
        }

        private static bool TryList(Dictionary<string, List<Compiled>>.AlternateLookup<ReadOnlySpan<char>> map, ReadOnlySpan<char> key, string text, ReadOnlySpan<Token> tokens, int i, Span<int> counts, string?[] first)
        {
            if (!map.TryGetValue(key, out var list))
            {
                return false;
            }

            var found = false;
            Span<char> buffer = stackalloc char[32];
            foreach (var phrase in list)
            {
                if (i + phrase.Words.Length > tokens.Length)
                {
                    continue;
                }

                var ok = true;
                for (var k = 0; k < phrase.Words.Length && ok; k++)
                {
                    var token = tokens[i + k];
                    var word = Clean(token.In(text), buffer);
                    ok = token.Kind == TokenKind.Word && (WordMatches(word, phrase.Words[k], phrase.Prefix[k]) || WordMatches(StripClitic(word), phrase.Words[k], phrase.Prefix[k]));
                }

                if (ok)
                {
                    counts[phrase.Topic]++;
                    first[phrase.Topic] ??= phrase.Original;
                    found = true;
                }
            }

            return found;
        }

        private static bool WordMatches(ReadOnlySpan<char> word, string pattern, bool prefix) =>
            prefix ? word.StartsWith(pattern, StringComparison.Ordinal) : word.SequenceEqual(pattern);

        private static ReadOnlySpan<char> StripClitic(ReadOnlySpan<char> word)
        {
            // Every clitic starts with one of these letters; most words start with none.
            if (word.Length < 4 || word[0] is not ('\u0648' or '\u0628' or '\u0641' or '\u0643' or '\u0644' or '\u0627'))
            {
                return word;
            }

            foreach (var clitic in ArabicClitics)
            {
                if (word.Length - clitic.Length >= 3 && word.StartsWith(clitic, StringComparison.Ordinal))
                {
                    return word[clitic.Length..];
                }
            }

            return word;
        }

        private static ReadOnlySpan<char> Clean(ReadOnlySpan<char> word, Span<char> buffer)
        {
            if (word.IndexOf(Chars.Zwnj) < 0 || word.Length > buffer.Length)
            {
                return word;
            }

            var n = 0;
            foreach (var c in word)
            {
                if (c != Chars.Zwnj)
                {
                    buffer[n++] = c;
                }
            }

            return buffer[..n];
        }

        private sealed record Compiled(int Topic, string Original, string[] Words, bool[] Prefix);
    }
}
