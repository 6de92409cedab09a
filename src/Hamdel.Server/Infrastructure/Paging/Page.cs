using System.Buffers.Text;
using System.Text;
using Hamdel.Server.Infrastructure.Errors;

namespace Hamdel.Server.Infrastructure.Paging;

/// <summary>One page of a list and the cursor for the next one (null on the last page).</summary>
internal sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>
/// Cursor paging: the cursor is an opaque, URL-safe string holding the sort key of the last item
/// seen, so pages stay stable while rows are added (unlike offsets) and cost the same at any depth.
/// </summary>
internal readonly record struct PageRequest(string? Cursor, int Limit)
{
    public static Outcome<PageRequest> Parse(string? cursor, int? limit)
    {
        var size = limit ?? Limits.PageSizeDefault;
        if (size is < 1 or > Limits.PageSizeMax)
        {
            return Failure.Invalid("limit", Strings.Format("Error.Limit", 1, Limits.PageSizeMax));
        }
        if (cursor is not null && DecodeText(cursor) is null)
        {
            return Failure.Invalid("cursor", Strings.Get("Error.Cursor"));
        }
        return new PageRequest(cursor, size);
    }

    /// <summary>The cursor's text (as made by <see cref="Encode"/>), or null when there is none.</summary>
    public string? Text => Cursor is null ? null : DecodeText(Cursor);

    /// <summary>A cursor that is a single id (the common case: lists ordered by a time-ordered v7 id).</summary>
    public Guid? AfterId => Text is { } text && Guid.TryParse(text, out var id) ? id : null;

    public static string Encode(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    /// <summary>Builds the page from up to <c>Limit + 1</c> rows: the extra row only says there is more.</summary>
    public Page<T> ToPage<TRow, T>(IReadOnlyList<TRow> rows, Func<TRow, string> cursorOf, Func<TRow, T> map)
    {
        var more = rows.Count > Limit;
        var items = rows.Take(Limit).Select(map).ToList();
        return new Page<T>(items, more ? Encode(cursorOf(rows[Limit - 1])) : null);
    }

    private static string? DecodeText(string cursor)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
