using Hamdel.Text.Normalization;

namespace Hamdel.Server.Features.Search;

/// <summary>The text a search index stores and a query is matched with: the same function for both.</summary>
internal static class SearchText
{
    /// <summary>Longest text indexed per entry; the rest of a very long message is not searchable.</summary>
    public const int MaxLength = 20_000;

    public static string Of(string? text)
    {
        var key = SearchNormalizer.Key(text);
        return key.Length > MaxLength ? key[..MaxLength] : key;
    }
}
