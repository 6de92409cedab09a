using CsvHelper;

namespace Hamdel.Text.Bench;

/// <summary>
/// A realistic mix of customer texts from the shared data sets: Persian delivery comments,
/// Arabic tweets and English review sentences, interleaved, equal shares.
/// </summary>
internal static class Corpus
{
    public static string[] Load(int perLanguage)
    {
        var data = Path.GetFullPath(Path.Combine(Root(), "..", "shared", "data", "text"));
        var fa = Column(Path.Combine(data, "fa", "snappfood-dev", "snappfood-14k.csv"), "comment", perLanguage);
        var ar = Column(Path.Combine(data, "ar", "arsarcasm", "ArSarcasm_test.csv"), "tweet", perLanguage);
        var en = File.ReadLines(Path.Combine(data, "en", "uci-sentences", "yelp_labelled.txt"))
            .Concat(File.ReadLines(Path.Combine(data, "en", "uci-sentences", "amazon_cells_labelled.txt")))
            .Select(l => l[..Math.Max(0, l.LastIndexOf('\t'))])
            .Take(perLanguage)
            .ToList();
        var mixed = new List<string>(3 * perLanguage);
        for (var i = 0; i < perLanguage; i++)
        {
            mixed.Add(fa[i % fa.Count]);
            mixed.Add(ar[i % ar.Count]);
            mixed.Add(en[i % en.Count]);
        }

        return [.. mixed];
    }

    private static List<string> Column(string path, string column, int take)
    {
        using var csv = CsvReader.FromFile(path, new CsvReaderOptions { HasHeader = true });
        csv.ReadHeader();
        var index = csv.GetFieldIndex(column);
        var values = new List<string>(take);
        while (values.Count < take && csv.Read())
        {
            values.Add(csv.GetString(index));
        }

        return values;
    }

    private static string Root()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Hamdel.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("Hamdel.slnx not found.");
    }
}
