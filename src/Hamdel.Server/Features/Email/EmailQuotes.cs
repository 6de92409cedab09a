using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;

namespace Hamdel.Server.Features.Email;

/// <summary>
/// Finds where an e-mail's own words end and the quoted earlier messages or the signature begin, so
/// the agent view can fold them away. Nothing is removed: the text stays whole for search and analysis.
/// </summary>
internal static partial class EmailQuotes
{
    /// <summary>The wrapper around the folded part of an HTML body; the page shows it closed.</summary>
    public const string FoldClass = "email-quote";

    /// <summary>The character index in <paramref name="text"/> where the quoted part starts, or null.</summary>
    public static int? QuoteStart(string text)
    {
        var lines = text.Split('\n');
        var offset = 0;
        int? previousNonEmpty = null;
        var previousText = "";
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var trimmed = line.Trim();
            int? start = null;
            if (line == "-- " || line == "--" && i > 0)
            {
                start = offset; // RFC 3676 signature separator
            }
            else if (trimmed.StartsWith('>'))
            {
                // The attribution line above the quote ("On ... wrote:") belongs to the quote.
                start = previousNonEmpty is { } p && Attribution().IsMatch(previousText) ? p : offset;
            }
            else if (Separator().IsMatch(trimmed) || (Attribution().IsMatch(trimmed) && NextIsQuoteOrHeader(lines, i)))
            {
                start = offset;
            }
            else if (trimmed.StartsWith("From:", StringComparison.OrdinalIgnoreCase) && OutlookHeader(lines, i))
            {
                start = offset;
            }
            if (start is { } found)
            {
                return found > 0 && text[..found].Trim().Length > 0 ? found : null;
            }
            if (trimmed.Length > 0)
            {
                previousNonEmpty = offset;
                previousText = trimmed;
            }
            offset += lines[i].Length + 1;
        }
        return null;
    }

    private static bool NextIsQuoteOrHeader(string[] lines, int i)
    {
        for (var j = i + 1; j < lines.Length && j <= i + 3; j++)
        {
            var next = lines[j].Trim();
            if (next.Length == 0)
            {
                continue;
            }
            return next.StartsWith('>') || next.StartsWith("From:", StringComparison.OrdinalIgnoreCase);
        }
        return true;
    }

    /// <summary>Outlook's "From: / Sent: / To: / Subject:" block above the quoted message.</summary>
    private static bool OutlookHeader(string[] lines, int i) =>
        lines.Skip(i + 1).Take(4).Any(l => l.TrimStart().StartsWith("Sent:", StringComparison.OrdinalIgnoreCase) || l.TrimStart().StartsWith("Date:", StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"^(-{3,}\s*(Original Message|Forwarded message|Ursprüngliche Nachricht|Message d'origine|پیام اصلی|الرسالة الأصلية)\s*-{3,}|_{20,})$", RegexOptions.IgnoreCase)]
    private static partial Regex Separator();

    [GeneratedRegex(@"(wrote|writes|schrieb|a écrit|نوشت|كتب|كتبت)\s*:\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Attribution();

    private static readonly HtmlParser Parser = new();

    private const string QuoteSelectors =
        "div.gmail_quote, blockquote[type=cite], div.moz-cite-prefix, div#divRplyFwdMsg, div#appendonsend, div.yahoo_quoted, "
        + "div.gmail_signature, div[data-smartmail=gmail_signature], div.moz-signature, blockquote";

    /// <summary>
    /// Wraps the first quoted block (Gmail, Outlook, Thunderbird, Apple Mail markup, or any blockquote)
    /// and everything after it in a closed <c>details</c> element. Works on HTML that is already
    /// sanitised; adds only that element.
    /// </summary>
    public static string FoldHtml(string html)
    {
        using var document = Parser.ParseDocument(html);
        var quote = document.Body?.QuerySelector(QuoteSelectors);
        if (quote?.ParentElement is not { } parent)
        {
            return html;
        }
        // Outlook puts a rule before its header block, Gmail and Apple an "On ... wrote:" line before
        // the blockquote (its class is gone after sanitising): both belong to the quote.
        var first = quote.PreviousElementSibling switch
        {
            { TagName: "HR" } rule => rule,
            { } attribution when Attribution().IsMatch(attribution.TextContent.Trim()) => attribution,
            _ => quote,
        };
        var details = document.CreateElement("details");
        details.ClassName = FoldClass;
        var summary = document.CreateElement("summary");
        summary.TextContent = "…";
        details.AppendChild(summary);
        parent.InsertBefore(details, first);
        AngleSharp.Dom.INode? node = first;
        while (node is not null)
        {
            var next = node.NextSibling;
            details.AppendChild(node);
            node = next;
        }
        var before = document.Body!.TextContent.Length - details.TextContent.Length;
        if (before <= 1 && parent == document.Body && details.PreviousSibling is null)
        {
            return html; // the whole message is the quote (a forward): nothing to fold
        }
        return document.Body!.InnerHtml;
    }
}
