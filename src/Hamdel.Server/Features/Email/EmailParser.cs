using System.Security.Cryptography;
using System.Text;
using Hamdel.Server.Features.Conversations;
using MimeKit;

namespace Hamdel.Server.Features.Email;

/// <summary>An attachment that was not stored, and why (shown on the message, so nothing is dropped silently).</summary>
internal sealed record SkippedAttachment(string FileName, string ContentType, long Size, string Reason);

/// <summary>A delivery status notification: which message of Hamdel's did not arrive, where, and why.</summary>
internal sealed record BounceReport(string? OriginalMessageId, string? Recipient, string? Status, string? Diagnostic, string Text);

/// <summary>One e-mail read from its raw source, ready to store.</summary>
internal sealed record ParsedEmail(
    string? InternetMessageId,
    IReadOnlyList<string> References,
    string? FromAddress,
    string? FromName,
    IReadOnlyList<string> To,
    IReadOnlyList<string> Cc,
    string? Subject,
    DateTimeOffset? Date,
    string Text,
    string? Html,
    int? QuoteStart,
    IReadOnlyList<IncomingFile> Files,
    IReadOnlyList<SkippedAttachment> Skipped,
    bool Automated,
    BounceReport? Bounce,
    string DedupeKey);

/// <summary>
/// Reads raw e-mail with MimeKit: the text and HTML bodies (HTML sanitised, plain text derived from it
/// when the sender sent none), whatever charset they claim or really use, attachments and inline
/// images within the channel's size limit, automatic replies and bounces, and the key under which a
/// message fetched twice is stored once.
/// </summary>
internal static class EmailParser
{
    /// <summary>
    /// For headers in raw 8-bit bytes that are not UTF-8: windows-1256 covers the Persian and Arabic
    /// mail Hamdel mostly sees from old clients, and like any single-byte charset never fails.
    /// </summary>
    private static readonly Encoding Fallback8Bit;

    private static readonly ParserOptions Options;

    static EmailParser()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Fallback8Bit = Encoding.GetEncoding(1256);
        Options = ParserOptions.Default.Clone();
        Options.CharsetEncoding = Fallback8Bit;
    }

    public static MimeMessage Load(Stream raw) => MimeMessage.Load(Options, raw);

    /// <summary>Reads the message; throws <see cref="FormatException"/> when it is not a message at all.</summary>
    public static ParsedEmail Parse(byte[] raw, long maxAttachmentBytes, Func<IncomingFile, string?> rejectFile)
    {
        using var stream = new MemoryStream(raw, writable: false);
        var message = Load(stream);
        return Parse(message, raw, maxAttachmentBytes, rejectFile);
    }

    public static ParsedEmail Parse(MimeMessage message, byte[] raw, long maxAttachmentBytes, Func<IncomingFile, string?> rejectFile)
    {
        var from = message.From.Mailboxes.FirstOrDefault() ?? message.Sender;
        var bodies = new Bodies();
        Collect(message.Body, bodies, maxAttachmentBytes, rejectFile);

        var html = bodies.Html is { } h ? MessageBodies.SanitizeHtml(Clean(h)) : null;
        var text = bodies.Text is { } t ? Clean(t).Trim() : html is null ? "" : MessageBodies.TextOf(html);
        if (html is not null)
        {
            html = EmailQuotes.FoldHtml(html);
        }
        var bounce = Bounce(message);
        if (bounce is not null && string.IsNullOrWhiteSpace(text))
        {
            text = bounce.Text;
        }

        var references = new List<string>();
        if (message.InReplyTo is { Length: > 0 } inReplyTo)
        {
            references.Add(inReplyTo);
        }
        references.AddRange(message.References.Reverse().Where(r => !references.Contains(r)));

        return new ParsedEmail(
            Clip(message.MessageId, 500),
            references.Take(50).ToList(),
            from?.Address is { Length: > 0 } address ? Clean(address).Trim().ToLowerInvariant() : null,
            from?.Name is { Length: > 0 } name ? Clean(name).Trim() : null,
            [.. message.To.Mailboxes.Select(m => Clean(m.Address).ToLowerInvariant())],
            [.. message.Cc.Mailboxes.Select(m => Clean(m.Address).ToLowerInvariant())],
            message.Subject is { } subject ? Clean(subject).Trim() : null,
            message.Headers.Contains(HeaderId.Date) ? message.Date : null,
            text,
            html,
            EmailQuotes.QuoteStart(text),
            bodies.Files,
            bodies.Skipped,
            bounce is not null || IsAutomated(message),
            bounce,
            DedupeKey(message, raw));
    }

    private sealed class Bodies
    {
        public string? Text { get; set; }
        public string? Html { get; set; }
        public List<IncomingFile> Files { get; } = [];
        public List<SkippedAttachment> Skipped { get; } = [];
    }

    /// <summary>Walks the MIME tree: the first text and HTML bodies win; everything else with content is a file.</summary>
    private static void Collect(MimeEntity? entity, Bodies bodies, long maxAttachmentBytes, Func<IncomingFile, string?> rejectFile)
    {
        switch (entity)
        {
            case MultipartReport report:
                // A bounce: its human-readable first part is the text; the rest is machine-readable.
                if (report.Count > 0)
                {
                    Collect(report[0], bodies, maxAttachmentBytes, rejectFile);
                }
                return;
            case Multipart multipart:
                foreach (var part in multipart)
                {
                    Collect(part, bodies, maxAttachmentBytes, rejectFile);
                }
                return;
            case MessagePart { Message: { } inner } when !entity.IsAttachment:
                // A forwarded message inline: its bodies follow the forwarder's.
                var forwarded = new Bodies();
                Collect(inner.Body, forwarded, maxAttachmentBytes, rejectFile);
                bodies.Text = Join(bodies.Text, forwarded.Text);
                bodies.Html = Join(bodies.Html, forwarded.Html);
                bodies.Files.AddRange(forwarded.Files);
                bodies.Skipped.AddRange(forwarded.Skipped);
                return;
            case TextPart text when !text.IsAttachment && (text.IsPlain || text.IsHtml) && (text.IsPlain ? bodies.Text is null : bodies.Html is null):
                var decoded = Decode(text);
                if (text.IsPlain)
                {
                    bodies.Text = decoded;
                }
                else
                {
                    bodies.Html = decoded;
                }
                return;
            case MimePart part:
                AddFile(part, bodies, maxAttachmentBytes, rejectFile);
                return;
            case MessagePart attached:
                using (var buffer = new MemoryStream())
                {
                    attached.Message?.WriteTo(buffer);
                    var file = new IncomingFile(FileName(attached, "message.eml"), "message/rfc822", buffer.ToArray());
                    Keep(file, bodies, maxAttachmentBytes, rejectFile);
                }
                return;
        }
    }

    private static void AddFile(MimePart part, Bodies bodies, long maxAttachmentBytes, Func<IncomingFile, string?> rejectFile)
    {
        if (part.Content is null)
        {
            return;
        }
        using var buffer = new MemoryStream();
        part.Content.DecodeTo(buffer);
        var extension = part.ContentType.MediaType.Equals("image", StringComparison.OrdinalIgnoreCase) ? "." + part.ContentType.MediaSubtype.ToLowerInvariant() : ".bin";
        var file = new IncomingFile(FileName(part, "attachment" + extension), part.ContentType.MimeType.ToLowerInvariant(), buffer.ToArray());
        Keep(file, bodies, maxAttachmentBytes, rejectFile);
    }

    private static void Keep(IncomingFile file, Bodies bodies, long maxAttachmentBytes, Func<IncomingFile, string?> rejectFile)
    {
        string? reason = file.Content.Length > maxAttachmentBytes
            ? Strings.Format("Email.AttachmentTooLarge", maxAttachmentBytes / (1024 * 1024))
            : rejectFile(file);
        if (reason is null)
        {
            bodies.Files.Add(file);
        }
        else
        {
            bodies.Skipped.Add(new SkippedAttachment(file.FileName, file.ContentType, file.Content.Length, reason));
        }
    }

    private static string FileName(MimeEntity entity, string fallback)
    {
        var name = entity.ContentDisposition?.FileName ?? entity.ContentType.Name;
        name = name is null ? null : Path.GetFileName(Clean(name).Replace('\\', '/')).Trim();
        return string.IsNullOrEmpty(name) ? fallback : name.Length > 200 ? name[..200] : name;
    }

    private static string? Join(string? first, string? second) =>
        first is null ? second : second is null ? first : first + "\n\n" + second;

    /// <summary>
    /// The text of a body part. The declared charset is believed when the bytes fit it; "UTF-8" that is
    /// not valid UTF-8, or a Latin charset, whose letters are really Arabic script is read as windows-1256.
    /// </summary>
    internal static string Decode(TextPart part)
    {
        using var buffer = new MemoryStream();
        part.Content?.DecodeTo(buffer);
        var bytes = buffer.ToArray();
        var declared = part.ContentType.Charset;
        var strictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        if (declared is null || declared.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || declared.Equals("us-ascii", StringComparison.OrdinalIgnoreCase) || declared.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return strictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                // Not UTF-8 after all: Arabic-script text from an old client, or a few broken bytes in UTF-8.
                return LooksLikeMisreadArabic(bytes) ? Fallback8Bit.GetString(bytes) : Encoding.UTF8.GetString(bytes);
            }
        }
        Encoding encoding;
        try
        {
            encoding = CharsetEncoding(declared);
        }
        catch (ArgumentException)
        {
            encoding = Fallback8Bit;
        }
        var text = encoding.GetString(bytes);
        if (encoding.IsSingleByte && encoding.CodePage != Fallback8Bit.CodePage && LooksLikeMisreadArabic(bytes))
        {
            return Fallback8Bit.GetString(bytes);
        }
        return text;
    }

    private static Encoding CharsetEncoding(string charset) => Encoding.GetEncoding(charset.Trim().Trim('"'));

    /// <summary>
    /// Bytes that, read as windows-1256, are mostly Arabic letters and as a Latin charset would be
    /// accented capitals in a row (e.g. "ÓáÇã" for سلام): the sender's client labelled Arabic-script
    /// text with the wrong charset.
    /// </summary>
    private static bool LooksLikeMisreadArabic(byte[] bytes)
    {
        var high = 0;
        var arabic = 0;
        foreach (var c in Fallback8Bit.GetString(bytes))
        {
            if (c < 0x80)
            {
                continue;
            }
            high++;
            if (c is >= '\u0600' and <= '\u06FF' or '\u200C')
            {
                arabic++;
            }
        }
        return high >= 4 && arabic * 10 >= high * 8;
    }

    /// <summary>RFC 3834 and the de-facto headers vacation responders, lists and bulk senders set.</summary>
    internal static bool IsAutomated(MimeMessage message)
    {
        var headers = message.Headers;
        if (headers[HeaderId.AutoSubmitted] is { } autoSubmitted && !autoSubmitted.Trim().StartsWith("no", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (headers.Contains("X-Autoreply") || headers.Contains("X-Autorespond") || headers.Contains("X-Autoresponse") || headers.Contains("X-Auto-Response"))
        {
            return true;
        }
        foreach (var name in new[] { "Precedence", "X-Precedence" })
        {
            if (headers[name] is { } precedence && precedence.Trim().ToLowerInvariant() is "bulk" or "junk" or "list" or "auto_reply" or "auto-reply")
            {
                return true;
            }
        }
        if (headers.Contains(HeaderId.ListId) || headers.Contains(HeaderId.ListUnsubscribe))
        {
            return true;
        }
        // A null reverse path (Return-Path: <>) is only used for bounces and other automatic mail.
        if (headers[HeaderId.ReturnPath] is { } returnPath && returnPath.Trim() == "<>")
        {
            return true;
        }
        var subject = message.Subject?.TrimStart() ?? "";
        return AutoSubjects.Any(prefix => subject.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Subject prefixes of vacation responders that set no header (older Outlook and web mail).</summary>
    private static readonly string[] AutoSubjects =
        ["Automatic reply:", "Auto:", "Autoreply:", "Auto-reply:", "Out of Office:", "Out of office reply", "پاسخ خودکار", "رد تلقائي", "الرد التلقائي"];

    /// <summary>An RFC 3464 report of a failed delivery, with the Message-ID of the message that bounced.</summary>
    internal static BounceReport? Bounce(MimeMessage message)
    {
        if (message.Body is not MultipartReport report || !string.Equals(report.ReportType, "delivery-status", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        string? recipient = null, status = null, diagnostic = null, action = null;
        foreach (var statusPart in report.OfType<MessageDeliveryStatus>())
        {
            foreach (var group in statusPart.StatusGroups.Skip(1))
            {
                action ??= group["Action"];
                recipient ??= Value(group["Final-Recipient"] ?? group["Original-Recipient"]);
                status ??= group["Status"]?.Trim();
                diagnostic ??= Value(group["Diagnostic-Code"]);
            }
        }
        if (action is not null && !action.Trim().Equals("failed", StringComparison.OrdinalIgnoreCase))
        {
            return null; // "delayed", "delivered", "relayed": not a bounce
        }
        string? original = null;
        foreach (var part in report.OfType<MessagePart>())
        {
            original ??= part.Message?.MessageId;
        }
        var human = report.Count > 0 && report[0] is TextPart t ? Clean(Decode(t)).Trim() : "";
        var summary = string.Join(" ", new[] { recipient, status, diagnostic }.Where(x => !string.IsNullOrWhiteSpace(x)));
        return new BounceReport(original, recipient, status, diagnostic, string.IsNullOrWhiteSpace(human) ? summary : human);

        static string? Value(string? field) => field?.Split(';', 2) is [_, var value] ? value.Trim() : field?.Trim();
    }

    /// <summary>
    /// SHA-256 over the Message-ID and the raw body (everything after the header block): the same
    /// message fetched again, or delivered to another mailbox with other Received lines, has the same
    /// key. Without a Message-ID the sender, date and subject stand in for it.
    /// </summary>
    internal static string DedupeKey(MimeMessage message, byte[] raw)
    {
        var bodyStart = HeaderEnd(raw);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var identity = message.MessageId is { Length: > 0 } id
            ? "id:" + id
            : $"noid:{message.From}\n{message.Headers[HeaderId.Date]}\n{message.Subject}";
        hash.AppendData(Encoding.UTF8.GetBytes(identity + "\n"));
        hash.AppendData(raw.AsSpan(bodyStart));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static int HeaderEnd(byte[] raw)
    {
        var span = raw.AsSpan();
        var crlf = span.IndexOf("\r\n\r\n"u8);
        var lf = span.IndexOf("\n\n"u8);
        return crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 4 : lf >= 0 ? lf + 2 : raw.Length;
    }

    /// <summary>Text without NUL and other control characters (PostgreSQL refuses NUL; none has a meaning in mail text).</summary>
    internal static string Clean(string text)
    {
        if (!text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            return text.Replace("\r\n", "\n", StringComparison.Ordinal);
        }
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsControl(c) || c is '\n' or '\t')
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    private static string? Clip(string? text, int length) => text is null ? null : Clean(text).Length > length ? Clean(text)[..length] : Clean(text);
}
