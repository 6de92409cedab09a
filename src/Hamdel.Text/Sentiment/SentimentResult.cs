namespace Hamdel.Text.Sentiment;

/// <summary>The polarity of a text.</summary>
public enum SentimentLabel
{
    /// <summary>A complaint or other negative feeling.</summary>
    Negative = -1,

    /// <summary>Neither, both in balance, or nothing to go on.</summary>
    Neutral = 0,

    /// <summary>Praise or other positive feeling.</summary>
    Positive = 1,
}

/// <summary>Sentiment of one text.</summary>
/// <param name="Label">Negative, neutral or positive.</param>
/// <param name="Score">From −1 (most negative) to +1 (most positive); its sign is the binary decision, 0 means no evidence.</param>
/// <param name="Confidence">From 0 to 1: the model's probability for the label where a trained model ran, a heuristic for the lexicon alone.</param>
public readonly record struct SentimentResult(SentimentLabel Label, double Score, double Confidence)
{
    /// <summary>Neutral at low confidence: what empty or unreadable input gets.</summary>
    public static SentimentResult Unknown { get; } = new(SentimentLabel.Neutral, 0, 0.3);
}
