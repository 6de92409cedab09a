using CsvHelper;
using Hamdel.Text.Sentiment;

namespace Hamdel.Text.Train;

/// <summary>A training text with its class index (0 negative, then neutral for three-class models, last positive) and where it comes from.</summary>
internal readonly record struct Example(string Text, int Label, string Source);

/// <summary>Reads the shippable training sets copied into this project's Data folder.</summary>
internal static class TrainingData
{
    /// <summary>UCI sentences minus the held-out fifth (see <see cref="DataSplits"/>): 2,400 sentences, 0 negative, 1 positive.</summary>
    public static List<Example> EnglishUci(string dataDir)
    {
        var examples = new List<Example>();
        foreach (var file in DataSplits.UciFiles)
        {
            var index = -1;
            foreach (var line in File.ReadLines(Path.Combine(dataDir, "en", "uci-sentences", file)))
            {
                var tab = line.LastIndexOf('\t');
                if (tab <= 0)
                {
                    continue;
                }

                index++;
                if (DataSplits.IsUciHeldOut(index))
                {
                    continue;
                }

                var label = line[(tab + 1)..].Trim();
                examples.Add(new Example(line[..tab].Trim(), label == "1" ? 1 : 0, file[..file.IndexOf('_', StringComparison.Ordinal)]));
            }
        }

        return examples;
    }

    /// <summary>
    /// The Persian customer comments written by the Hamdel contributors (Data/fa/hamdel-comments):
    /// "text TAB positive|negative TAB domain", 0 negative, 1 positive; the domain is the source.
    /// </summary>
    public static List<Example> Persian(string dataDir)
    {
        var examples = new List<Example>();
        foreach (var line in File.ReadLines(Path.Combine(dataDir, "fa", "hamdel-comments", "comments.tsv")))
        {
            var fields = line.Split('\t');
            if (line.StartsWith('#') || fields.Length != 3)
            {
                continue;
            }

            var label = fields[1] switch
            {
                "negative" => 0,
                "positive" => 1,
                _ => throw new InvalidDataException($"comments.tsv: unknown label '{fields[1]}' in: {line}"),
            };

            examples.Add(new Example(fields[0], label, fields[2]));
        }

        return examples;
    }

    /// <summary>ArSarcasm train (negative/neutral/positive) and AJGT (Negative/Positive) as three classes.</summary>
    public static List<Example> Arabic(string dataDir)
    {
        var examples = new List<Example>();
        examples.AddRange(ReadCsv(Path.Combine(dataDir, "ar", "arsarcasm", "ArSarcasm_train.csv"), "tweet", "sentiment", "arsarcasm"));
        examples.AddRange(ReadCsv(Path.Combine(dataDir, "ar", "ajgt", "AJGT.csv"), "Feed", "Sentiment", "ajgt"));
        return examples;
    }

    private static List<Example> ReadCsv(string path, string textColumn, string labelColumn, string source)
    {
        using var csv = CsvReader.FromFile(path, new CsvReaderOptions { HasHeader = true });
        csv.ReadHeader();
        var textIndex = csv.GetFieldIndex(textColumn);
        var labelIndex = csv.GetFieldIndex(labelColumn);
        var rows = new List<Example>();
        while (csv.Read())
        {
            var label = csv.GetString(labelIndex).Trim().ToLowerInvariant() switch
            {
                "negative" => 0,
                "neutral" => 1,
                "positive" => 2,
                _ => -1,
            };

            if (label >= 0)
            {
                rows.Add(new Example(csv.GetString(textIndex), label, source));
            }
        }

        return rows;
    }
}
