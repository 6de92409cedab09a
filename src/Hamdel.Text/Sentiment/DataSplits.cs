namespace Hamdel.Text.Sentiment;

/// <summary>
/// The deterministic train/held-out split of the UCI sentiment sentences, shared by the trainer
/// and the evaluation so neither can drift: in each of the three files (Amazon, IMDb, Yelp),
/// every fifth line (0-based line index 4, 9, 14 ...) is held out, 600 of 3,000 sentences.
/// </summary>
internal static class DataSplits
{
    public static readonly string[] UciFiles = ["amazon_cells_labelled.txt", "imdb_labelled.txt", "yelp_labelled.txt"];

    public static bool IsUciHeldOut(int lineIndex) => lineIndex % 5 == 4;
}
