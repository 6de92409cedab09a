using System.Globalization;
using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Infrastructure.Localization;

namespace Hamdel.Server.Components.Pages.Inbox;

/// <summary>
/// What the inbox list shows. It lives in the address (<c>?view=mine&amp;status=pending</c>), so a
/// reload, a bookmark or a link to a colleague shows the same list; defaults are left out. A null
/// <c>Status</c> lists every status.
/// </summary>
internal sealed record InboxFilter(
    InboxView View,
    ConversationStatus? Status,
    Guid? ChannelId,
    ConversationPriority? Priority,
    string? Tag,
    string? Language,
    string? Q,
    InboxSort Sort)
{
    public static readonly InboxFilter Default = new(InboxView.All, ConversationStatus.Open, null, null, null, null, null, InboxSort.Recent);

    /// <summary>The value <c>status=all</c> stands for: no status filter.</summary>
    public const string AllStatuses = "all";

    public static InboxFilter Parse(string? view, string? status, string? channel, string? priority, string? tag, string? language, string? q, string? sort) => new(
        Enum.TryParse<InboxView>(view, ignoreCase: true, out var v) ? v : Default.View,
        status == AllStatuses ? null : Enum.TryParse<ConversationStatus>(status, ignoreCase: true, out var s) ? s : Default.Status,
        Guid.TryParse(channel, out var c) ? c : null,
        Enum.TryParse<ConversationPriority>(priority, ignoreCase: true, out var p) ? p : null,
        string.IsNullOrWhiteSpace(tag) ? null : tag.Trim(),
        Intl.IsSupportedLanguage(language) ? language : null,
        string.IsNullOrWhiteSpace(q) ? null : q.Trim(),
        Enum.TryParse<InboxSort>(sort, ignoreCase: true, out var o) ? o : Default.Sort);

    /// <summary>How many of the secondary filters (channel, priority, tag, language) are set.</summary>
    public int ExtraCount => (ChannelId is null ? 0 : 1) + (Priority is null ? 0 : 1) + (Tag is null ? 0 : 1) + (Language is null ? 0 : 1);

    /// <summary>The query string for this filter, with a leading '?' (empty for the default).</summary>
    public string ToQueryString()
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }
        Add("view", View == Default.View ? null : Lower(View));
        Add("status", Status == Default.Status ? null : Status is { } s ? Lower(s) : AllStatuses);
        Add("channel", ChannelId?.ToString());
        Add("priority", Priority is { } p ? Lower(p) : null);
        Add("tag", Tag);
        Add("lang", Language);
        Add("q", Q);
        Add("sort", Sort == Default.Sort ? null : Lower(Sort));
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }

    public ListConversations.Query ToQuery(string? cursor, int limit) =>
        new(View, Status, ChannelId, Priority, Tag, Language, null, null, null, Q, Sort, cursor, limit);

    private static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLower(CultureInfo.InvariantCulture);
}
