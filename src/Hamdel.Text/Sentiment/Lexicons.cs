using System.Globalization;
using System.Reflection;
using System.Xml;
using Hamdel.Text.Languages;

namespace Hamdel.Text.Sentiment;

/// <summary>The shipped lexicons, each loaded once on first use from the assembly's resources.</summary>
internal static class Lexicons
{
    private static readonly Lazy<Lexicon> LazyEnglish = new(LoadEnglish, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<Lexicon> LazyPersian = new(LoadPersian, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<Lexicon> LazyArabic = new(LoadArabic, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<Dictionary<int, float>> LazyEmoji = new(LoadEmoji, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Lexicon English => LazyEnglish.Value;

    public static Lexicon Persian => LazyPersian.Value;

    public static Lexicon Arabic => LazyArabic.Value;

    /// <summary>Emoji valence by the emoji's first code point.</summary>
    public static Dictionary<int, float> Emoji => LazyEmoji.Value;

    public static Lexicon For(string language) => language switch
    {
        LanguageCodes.Persian => Persian,
        LanguageCodes.Arabic => Arabic,
        _ => English,
    };

    internal static Stream Open(string name) =>
        typeof(Lexicons).Assembly.GetManifestResourceStream("Hamdel.Text.Data." + name)
        ?? throw new InvalidOperationException($"Embedded resource {name} is missing from {Assembly.GetExecutingAssembly().GetName().Name}.");

    private static Lexicon LoadEnglish()
    {
        var lexicon = new Lexicon(LanguageCodes.English);
        using (var reader = new StreamReader(Open("hamdel-en-sentiment.tsv")))
        {
            lexicon.LoadTsv(reader, overwrite: true);
        }

        // VADER's own entries never replace the customer-service additions above.
        using (var reader = new StreamReader(Open("vader_lexicon.txt")))
        {
            lexicon.LoadTsv(reader, overwrite: false);
        }

        LanguageRules.English.ApplyTo(lexicon);
        return lexicon;
    }

    private static Lexicon LoadPersian()
    {
        var lexicon = new Lexicon(LanguageCodes.Persian);
        using (var reader = new StreamReader(Open("hamdel-fa-sentiment.tsv")))
        {
            lexicon.LoadTsv(reader, overwrite: true);
        }

        foreach (var (word, valence) in ReadLexiPers())
        {
            lexicon.Add(word, valence, overwrite: false);
        }

        LanguageRules.Persian.ApplyTo(lexicon);
        return lexicon;
    }

    private static Lexicon LoadArabic()
    {
        var lexicon = new Lexicon(LanguageCodes.Arabic);
        using var reader = new StreamReader(Open("hamdel-ar-sentiment.tsv"));
        lexicon.LoadTsv(reader, overwrite: true);
        LanguageRules.Arabic.ApplyTo(lexicon);
        return lexicon;
    }

    /// <summary>
    /// LexiPers labels adjective synsets −1/0/+1. A word in several synsets gets the mean of their
    /// labels, so words whose senses disagree (سرد: "cool" +1, "unkind" −1) cancel out and drop.
    /// </summary>
    internal static IEnumerable<(string Word, float Valence)> ReadLexiPers()
    {
        var sums = new Dictionary<string, (float Sum, int Count)>(StringComparer.Ordinal);
        using var stream = Open("adj-final.xml");
        using var xml = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element || xml.Name != "Synset")
            {
                continue;
            }

            var sense = xml.GetAttribute("Sense");
            var label = xml.GetAttribute("Label");
            if (sense is null || !float.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            foreach (var raw in sense.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                sums.TryGetValue(raw, out var acc);
                sums[raw] = (acc.Sum + value, acc.Count + 1);
            }
        }

        foreach (var (word, (sum, count)) in sums)
        {
            var mean = sum / count;
            if (Math.Abs(mean) >= 0.5f)
            {
                // Dictionary adjectives are weaker evidence than the hand-written customer lexicon.
                yield return (word, 1.2f * mean);
            }
        }
    }

    private static Dictionary<int, float> LoadEmoji()
    {
        var emoji = new Dictionary<int, float>();
        var english = English;
        using (var reader = new StreamReader(Open("emoji_utf8_lexicon.txt")))
        {
            while (reader.ReadLine() is { } line)
            {
                var tab = line.IndexOf('\t', StringComparison.Ordinal);
                if (tab <= 0)
                {
                    continue;
                }

                // VADER scores an emoji by the words of its name ("face with tears of joy").
                var sum = 0f;
                foreach (var word in line[(tab + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (english.TryGet(word.ToLowerInvariant(), out var entry) && !float.IsNaN(entry.Valence))
                    {
                        sum += entry.Valence;
                    }
                }

                if (sum != 0)
                {
                    emoji.TryAdd(char.ConvertToUtf32(line, 0), Math.Clamp(sum, -3f, 3f));
                }
            }
        }

        using (var reader = new StreamReader(Open("hamdel-emoji-sentiment.tsv")))
        {
            while (reader.ReadLine() is { } line)
            {
                var tab = line.IndexOf('\t', StringComparison.Ordinal);
                if (line.Length == 0 || line[0] == '#' || tab <= 0)
                {
                    continue;
                }

                if (float.TryParse(line.AsSpan(tab + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var valence))
                {
                    emoji[char.ConvertToUtf32(line, 0)] = valence;
                }
            }
        }

        return emoji;
    }
}
