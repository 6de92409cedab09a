using AngleSharp.Html.Parser;
using Ganss.Xss;

namespace Hamdel.Server.Features.Conversations;

/// <summary>
/// Message bodies as stored: HTML only after sanitising (no scripts, handlers, styles that could
/// leak, or remote content beyond images and links), and always a plain-text form, derived from the
/// HTML when only HTML was sent, which search, text analytics and plain channels use.
/// </summary>
internal static class MessageBodies
{
    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();
    private static readonly HtmlParser Parser = new();

    public static string? SanitizeHtml(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return null;
        }
        var clean = Sanitizer.Sanitize(html);
        return string.IsNullOrWhiteSpace(clean) ? null : clean;
    }

    /// <summary>The text a reader sees in the HTML, with block elements on their own lines.</summary>
    public static string TextOf(string html)
    {
        using var document = Parser.ParseDocument(html);
        foreach (var element in document.QuerySelectorAll("br"))
        {
            element.Replace(document.CreateTextNode("\n"));
        }
        foreach (var element in document.QuerySelectorAll("p, div, li, tr, h1, h2, h3, h4, h5, h6, blockquote"))
        {
            element.Append(document.CreateTextNode("\n"));
        }
        var text = document.Body?.TextContent ?? "";
        var lines = text.Split('\n').Select(l => l.Trim()).ToList();
        return string.Join('\n', lines).Trim().Replace("\n\n\n", "\n\n", StringComparison.Ordinal);
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.AllowedSchemes.Add("tel");
        sanitizer.AllowedAttributes.Add("dir");
        sanitizer.AllowedAttributes.Add("lang");
        sanitizer.AllowedTags.Remove("form");
        sanitizer.AllowedTags.Remove("input");
        sanitizer.AllowedTags.Remove("button");
        sanitizer.AllowedTags.Remove("textarea");
        sanitizer.AllowedTags.Remove("select");
        // Links open outside Hamdel and without access to it.
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } link)
            {
                link.SetAttribute("target", "_blank");
                link.SetAttribute("rel", "noopener noreferrer nofollow");
            }
        };
        return sanitizer;
    }
}
