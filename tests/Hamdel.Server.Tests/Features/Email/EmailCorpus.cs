using System.Text;

namespace Hamdel.Server.Tests.Features.Email;

/// <summary>
/// Tricky e-mail, built byte by byte the way broken or old mail clients write it. Each message is
/// the raw source a mail server would deliver.
/// </summary>
internal static class EmailCorpus
{
    static EmailCorpus() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Windows1256 => Encoding.GetEncoding(1256);

    /// <summary>The text as a windows-1256 client can write it (Persian letters it lacks become their Arabic forms).</summary>
    public static string AsWindows1256(string text) => Windows1256.GetString(Windows1256.GetBytes(text));

    public const string PersianSubject = "پیگیری سفارش شمارهٔ ۴۵۶";
    public const string PersianBody = "سلام، بستهٔ من هنوز نرسیده. لطفاً پیگیری کنید.";
    public const string ArabicBody = "مرحبا، لم يصل طلبي بعد. شكرا لكم";

    private static byte[] Join(params object[] parts)
    {
        using var buffer = new MemoryStream();
        foreach (var part in parts)
        {
            var bytes = part switch
            {
                byte[] b => b,
                string s => Encoding.ASCII.GetBytes(s.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal)),
                _ => throw new ArgumentException("bytes or text", nameof(parts)),
            };
            buffer.Write(bytes);
        }
        return buffer.ToArray();
    }

    private static string Headers(string from, string to, string messageId, string date = "Sat, 21 Nov 2026 10:00:00 +0330") =>
        $"From: {from}\nTo: {to}\nDate: {date}\nMessage-ID: {messageId}\nMIME-Version: 1.0\n";

    /// <summary>An old Windows client: windows-1256 subject (RFC 2047) and body (8-bit).</summary>
    public static byte[] Windows1256Persian(string to, string messageId) => Join(
        Headers("=?windows-1256?B?" + Convert.ToBase64String(Windows1256.GetBytes("رضا")) + "?= <reza@old-client.test>", to, messageId),
        "Subject: =?windows-1256?B?" + Convert.ToBase64String(Windows1256.GetBytes(PersianSubject.Replace('ٔ', 'ه'))) + "?=\n",
        "Content-Type: text/plain; charset=windows-1256\nContent-Transfer-Encoding: 8bit\n\n",
        Windows1256.GetBytes(PersianBody.Replace("ٔ", "", StringComparison.Ordinal)), "\n");

    /// <summary>Arabic text in windows-1256 bytes, but the header says ISO-8859-1 (a client that lied about its charset).</summary>
    public static byte[] MisdeclaredCharset(string to, string messageId) => Join(
        Headers("Khalid <khalid@liar.test>", to, messageId),
        "Subject: Order\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n\n",
        Windows1256.GetBytes(ArabicBody), "\n");

    /// <summary>A UTF-8 subject cut into two encoded-words in the middle of a two-byte letter.</summary>
    public static byte[] SplitEncodedWords(string to, string messageId)
    {
        var bytes = Encoding.UTF8.GetBytes(PersianSubject);
        var cut = 5; // inside the third letter
        var first = Convert.ToBase64String(bytes[..cut]);
        var second = Convert.ToBase64String(bytes[cut..]);
        return Join(Headers("Mina <mina@split.test>", to, messageId),
            $"Subject: =?UTF-8?B?{first}?=\n =?UTF-8?B?{second}?=\n",
            "Content-Type: text/plain; charset=utf-8\n\nbody\n");
    }

    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    /// <summary>mixed( related( alternative(text, html), inline image ), PDF attachment ).</summary>
    public static byte[] NestedMultipart(string to, string messageId) => Join(
        Headers("Nested <nested@client.test>", to, messageId),
        """
        Subject: Photo of the broken cup
        Content-Type: multipart/mixed; boundary="mixed"

        --mixed
        Content-Type: multipart/related; boundary="related"; type="multipart/alternative"

        --related
        Content-Type: multipart/alternative; boundary="alt"

        --alt
        Content-Type: text/plain; charset=utf-8

        The cup arrived broken, photo below.
        --alt
        Content-Type: text/html; charset=utf-8

        <html><body><p onclick="steal()">The cup arrived <i>broken</i>, photo below.</p><img src="cid:photo1"><script>steal()</script></body></html>
        --alt--

        --related
        Content-Type: image/png; name="cup.png"
        Content-Transfer-Encoding: base64
        Content-ID: <photo1>
        Content-Disposition: inline; filename="cup.png"


        """, Convert.ToBase64String(Png), """

        --related--

        --mixed
        Content-Type: application/pdf; name="receipt.pdf"
        Content-Transfer-Encoding: base64
        Content-Disposition: attachment; filename="receipt.pdf"


        """, Convert.ToBase64String(Encoding.ASCII.GetBytes("%PDF-1.4\n%fake receipt\n")), """

        --mixed--

        """);

    /// <summary>A 30 MB attachment (base64, about 40 MB on the wire).</summary>
    public static byte[] HugeAttachment(string to, string messageId)
    {
        var content = new byte[30 * 1024 * 1024];
        Encoding.ASCII.GetBytes("%PDF-1.4\n").CopyTo(content, 0);
        return Join(Headers("Big <big@client.test>", to, messageId),
            """
            Subject: The whole catalogue
            Content-Type: multipart/mixed; boundary="b"

            --b
            Content-Type: text/plain; charset=utf-8

            Catalogue attached.
            --b
            Content-Type: application/pdf; name="catalogue.pdf"
            Content-Transfer-Encoding: base64
            Content-Disposition: attachment; filename="catalogue.pdf"


            """, Convert.ToBase64String(content, Base64FormattingOptions.InsertLineBreaks), """

            --b--

            """);
    }

    public static byte[] NoMessageId(string to) => Join(
        "From: Anon <anon@nomsgid.test>\nTo: " + to + "\nDate: Sat, 21 Nov 2026 11:00:00 +0000\nSubject: No id\nMIME-Version: 1.0\nContent-Type: text/plain\n\nMy client sets no Message-ID.\n");

    /// <summary>An RFC 3464 delivery status notification about <paramref name="bouncedMessageId"/>.</summary>
    public static byte[] Dsn(string to, string failedRecipient, string bouncedMessageId) => Join(
        Headers("Mail Delivery System <MAILER-DAEMON@mx.test>", to, $"<{Guid.NewGuid():N}@mx.test>"),
        $"""
        Return-Path: <>
        Auto-Submitted: auto-replied
        Subject: Undelivered Mail Returned to Sender
        Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"

        --dsn
        Content-Type: text/plain; charset=us-ascii

        Your message could not be delivered to {failedRecipient}: the mailbox does not exist.
        --dsn
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.test

        Final-Recipient: rfc822; {failedRecipient}
        Action: failed
        Status: 5.1.1
        Diagnostic-Code: smtp; 550 5.1.1 User unknown

        --dsn
        Content-Type: text/rfc822-headers

        From: support@hamdel.test
        To: {failedRecipient}
        Subject: Re: Help
        Message-ID: <{bouncedMessageId.Trim('<', '>')}>

        --dsn--

        """);

    /// <summary>A reply that quotes the whole thread below the answer, as Gmail writes it (text and HTML).</summary>
    public static byte[] QuotedThread(string to, string messageId, string inReplyTo) => Join(
        Headers("Quoter <quoter@client.test>", to, messageId),
        $"""
        Subject: Re: Help
        In-Reply-To: {inReplyTo}
        Content-Type: multipart/alternative; boundary="q"

        --q
        Content-Type: text/plain; charset=utf-8

        Yes, the second one please.

        On Sat, 21 Nov 2026 at 10:00, Support <support@hamdel.test> wrote:
        > Which one do you want?
        >
        > On Fri, 20 Nov 2026, Quoter wrote:
        >> I want a cup.
        --q
        Content-Type: text/html; charset=utf-8

        <div dir="ltr">Yes, the second one please.</div><br><div class="gmail_quote"><div class="gmail_attr">On Sat, 21 Nov 2026 at 10:00, Support wrote:<br></div><blockquote class="gmail_quote">Which one do you want?<blockquote>I want a cup.</blockquote></blockquote></div>
        --q--

        """);

    /// <summary>A header line of 2,000 characters, unfolded (RFC 5322 allows 998 at most).</summary>
    public static byte[] LongHeaderLine(string to, string messageId) => Join(
        Headers("Long <long@client.test>", to, messageId),
        "Subject: " + string.Concat(Enumerable.Repeat("Very long subject ", 120))[..2000] + "\n",
        "X-Tracking: " + new string('x', 2000) + "\n",
        "Content-Type: text/plain\n\nThe header above is too long.\n");

    /// <summary>A body with a NUL byte in it (PostgreSQL cannot store NUL in text).</summary>
    public static byte[] NulByte(string to, string messageId) => Join(
        Headers("Nul <nul@client.test>", to, messageId),
        "Subject: Binary junk\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\nbefore", new byte[] { 0 }, "after\n");

    /// <summary>Not a message at all: no header block, only binary noise.</summary>
    public static byte[] Garbage() => [.. Enumerable.Range(0, 512).Select(i => (byte)(i * 37 % 251)), (byte)'\r', (byte)'\n'];
}
