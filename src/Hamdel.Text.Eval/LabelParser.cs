using Hamdel.Text.Sentiment;

namespace Hamdel.Text.Eval;

/// <summary>
/// Reads gold labels: negative/neutral/positive (any case, also neg/neu/pos), −1/0/1, HAPPY/SAD,
/// or any scheme given as a map such as "0=positive,1=negative".
/// </summary>
internal sealed class LabelParser
{
    private readonly Dictionary<string, SentimentLabel> _map = new(StringComparer.OrdinalIgnoreCase);

    public LabelParser(string? labelMap)
    {
        if (string.IsNullOrWhiteSpace(labelMap))
        {
            return;
        }

        foreach (var pair in labelMap.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !TryParseBuiltIn(pair[(eq + 1)..].Trim(), out var label))
            {
                throw new ArgumentException($"Label map entry '{pair}' must look like 'raw=positive|neutral|negative'.", nameof(labelMap));
            }

            _map[pair[..eq].Trim()] = label;
        }
    }

    public bool TryParse(string? raw, out SentimentLabel label)
    {
        label = SentimentLabel.Neutral;
        if (raw is null)
        {
            return false;
        }

        raw = raw.Trim();
        return _map.TryGetValue(raw, out label) || (_map.Count == 0 && TryParseBuiltIn(raw, out label));
    }

    private static bool TryParseBuiltIn(string raw, out SentimentLabel label)
    {
        switch (raw.ToLowerInvariant())
        {
            case "negative" or "neg" or "-1" or "sad" or "bad":
                label = SentimentLabel.Negative;
                return true;
            case "neutral" or "neu" or "0" or "objective" or "none":
                label = SentimentLabel.Neutral;
                return true;
            case "positive" or "pos" or "1" or "+1" or "happy" or "good":
                label = SentimentLabel.Positive;
                return true;
            default:
                label = SentimentLabel.Neutral;
                return false;
        }
    }
}
