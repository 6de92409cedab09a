using Hamdel.Text.Sentiment;

namespace Hamdel.Text.Eval;

/// <summary>One labelled text of an evaluation set.</summary>
internal readonly record struct LabelledRow(string Text, SentimentLabel Gold);
