using CsvHelper;

namespace Hamdel.Text.Eval;

/// <summary>Reads labelled CSV or TSV files (UTF-8; comma or tab detected from the first line).</summary>
internal static class DataReader
{
    /// <summary>Reads rows with a header; <paramref name="include"/> filters by 0-based data row index.</summary>
    public static List<LabelledRow> Read(string path, string textColumn, string labelColumn, LabelParser labels, Func<int, bool>? include = null)
    {
        // CsvHelper detects the separator (comma or tab) from the first lines.
        var options = new CsvReaderOptions { HasHeader = true };
        using var csv = CsvReader.FromFile(path, options);
        csv.ReadHeader();
        if (!csv.TryGetFieldIndex(textColumn, out var textIndex) || !csv.TryGetFieldIndex(labelColumn, out var labelIndex))
        {
            throw new ArgumentException($"{path}: columns '{textColumn}' and '{labelColumn}' are needed; the header has: {string.Join(", ", csv.Headers)}.");
        }

        var rows = new List<LabelledRow>();
        var index = -1;
        while (csv.Read())
        {
            index++;
            if (include is not null && !include(index))
            {
                continue;
            }

            var text = csv.GetString(textIndex);
            if (labels.TryParse(csv.GetString(labelIndex), out var gold))
            {
                rows.Add(new LabelledRow(text, gold));
            }
        }

        return rows;
    }

    /// <summary>Reads header-less "text TAB label" lines, as the UCI sentiment sentences are stored.</summary>
    public static List<LabelledRow> ReadTabbedNoHeader(string path, LabelParser labels, Func<int, bool>? include = null)
    {
        var rows = new List<LabelledRow>();
        var index = -1;
        foreach (var line in File.ReadLines(path, System.Text.Encoding.UTF8))
        {
            var tab = line.LastIndexOf('\t');
            if (tab <= 0)
            {
                continue;
            }

            index++;
            if (include is not null && !include(index))
            {
                continue;
            }

            if (labels.TryParse(line[(tab + 1)..], out var gold))
            {
                rows.Add(new LabelledRow(line[..tab].Trim(), gold));
            }
        }

        return rows;
    }
}
