using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Hamdel.Testing;

/// <summary>
/// The throwaway Dovecot (IMAP, any user with one password, mailboxes made on first use) and the SMTP
/// server that delivers into it, started by test.sh (scripts/throwaway-mail.sh). Each test uses its
/// own mailbox names, so tests never see each other's mail.
/// </summary>
public static class MailServers
{
    public const string Domain = "mail.test";

    private static int _counter;

    private static (string Host, int Port) Endpoint(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable)
            ?? throw new InvalidOperationException($"{variable} is not set. Run the tests through ./test.sh, which starts Dovecot and an SMTP server delivering into it (scripts/throwaway-mail.sh).");
        var parts = value.Split(':');
        return (parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    public static (string Host, int Port) Imap => Endpoint("HAMDEL_TEST_IMAP");
    public static (string Host, int Port) Smtp => Endpoint("HAMDEL_TEST_MAIL_SMTP");
    public static string Password => Environment.GetEnvironmentVariable("HAMDEL_TEST_IMAP_PASSWORD") ?? throw new InvalidOperationException("HAMDEL_TEST_IMAP_PASSWORD is not set (see HAMDEL_TEST_IMAP).");

    /// <summary>A mailbox (IMAP user) nobody else uses; its address is <c>NAME@mail.test</c>.</summary>
    public static string NewMailbox(string prefix) =>
        $"{prefix}{Interlocked.Increment(ref _counter)}x{Guid.NewGuid().ToString("N")[..8]}";

    public static string Address(string mailbox) => $"{mailbox}@{Domain}";

    /// <summary>An e-mail channel's settings pointing at the test servers, for the given mailbox.</summary>
    public static Dictionary<string, object?> ChannelSettings(string mailbox, string? fromAddress = null) => new()
    {
        ["imapHost"] = Imap.Host,
        ["imapPort"] = Imap.Port,
        ["imapSecurity"] = "None",
        ["imapUser"] = mailbox,
        ["imapPassword"] = Password,
        ["imapFolder"] = "INBOX",
        ["doneAction"] = "Flag",
        ["smtpHost"] = Smtp.Host,
        ["smtpPort"] = Smtp.Port,
        ["smtpSecurity"] = "None",
        ["fromAddress"] = fromAddress ?? Address(mailbox),
        ["fromName"] = "Support",
    };

    public static async Task<ImapClient> ConnectAsync(string mailbox, CancellationToken cancellationToken = default)
    {
        var client = new ImapClient();
        await client.ConnectAsync(Imap.Host, Imap.Port, SecureSocketOptions.None, cancellationToken);
        await client.AuthenticateAsync(mailbox, Password, cancellationToken);
        return client;
    }

    /// <summary>
    /// Puts a raw message into a mailbox's folder with IMAP APPEND, as a mail server's delivery would.
    /// Spoken directly rather than through MailKit, which would parse and re-write the message and so
    /// repair what a test broke on purpose; a message with NUL bytes goes as a binary literal (RFC 3516).
    /// </summary>
    public static async Task AppendAsync(string mailbox, byte[] raw, string folder = "INBOX", CancellationToken cancellationToken = default)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(Imap.Host, Imap.Port, cancellationToken);
        await using var stream = tcp.GetStream();
        using var reader = new StreamReader(stream, System.Text.Encoding.ASCII, false, 1024, leaveOpen: true);
        async Task<string> ExpectAsync(string tag)
        {
            while (true)
            {
                var line = await reader.ReadLineAsync(cancellationToken) ?? throw new IOException("The IMAP server closed the connection.");
                if (line.StartsWith(tag + " ", StringComparison.Ordinal))
                {
                    return line.StartsWith(tag + " OK", StringComparison.Ordinal) ? line : throw new IOException($"IMAP {tag} failed: {line}");
                }
            }
        }
        async Task SendAsync(string text) => await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(text), cancellationToken);
        await reader.ReadLineAsync(cancellationToken); // greeting
        await SendAsync($"a1 LOGIN \"{mailbox}\" \"{Password}\"\r\n");
        await ExpectAsync("a1");
        var literal = raw.Contains((byte)0) ? $"~{{{raw.Length}+}}" : $"{{{raw.Length}+}}";
        await SendAsync($"a2 APPEND \"{folder}\" {literal}\r\n");
        await stream.WriteAsync(raw, cancellationToken);
        await SendAsync("\r\n");
        await ExpectAsync("a2");
        await SendAsync("a3 LOGOUT\r\n");
    }

    /// <summary>Sends a message through the test SMTP server, which delivers it over LMTP into the recipients' mailboxes.</summary>
    public static async Task SendAsync(MimeMessage message, CancellationToken cancellationToken = default)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync(Smtp.Host, Smtp.Port, SecureSocketOptions.None, cancellationToken);
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }

    /// <summary>Every message in a mailbox's INBOX, with its flags.</summary>
    public static async Task<List<(MimeMessage Message, MessageFlags Flags, HashSet<string> Keywords)>> ReadAsync(string mailbox, string folder = "INBOX", CancellationToken cancellationToken = default)
    {
        using var client = await ConnectAsync(mailbox, cancellationToken);
        var inbox = await client.GetFolderAsync(folder, cancellationToken);
        await inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var result = new List<(MimeMessage, MessageFlags, HashSet<string>)>();
        if (inbox.Count > 0)
        {
            var summaries = await inbox.FetchAsync(0, -1, MessageSummaryItems.Flags | MessageSummaryItems.UniqueId, cancellationToken);
            foreach (var summary in summaries)
            {
                result.Add((await inbox.GetMessageAsync(summary.UniqueId, cancellationToken), summary.Flags ?? MessageFlags.None, new HashSet<string>(summary.Keywords)));
            }
        }
        await client.DisconnectAsync(true, cancellationToken);
        return result;
    }

    /// <summary>The flags and keywords of every message in a mailbox's folder, without reading the messages.</summary>
    public static async Task<List<(MessageFlags Flags, HashSet<string> Keywords)>> FlagsAsync(string mailbox, string folder = "INBOX", CancellationToken cancellationToken = default)
    {
        using var client = await ConnectAsync(mailbox, cancellationToken);
        var inbox = await client.GetFolderAsync(folder, cancellationToken);
        await inbox.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var result = inbox.Count == 0 ? [] : (await inbox.FetchAsync(0, -1, MessageSummaryItems.Flags, cancellationToken))
            .Select(s => (s.Flags ?? MessageFlags.None, new HashSet<string>(s.Keywords))).ToList();
        await client.DisconnectAsync(true, cancellationToken);
        return result;
    }

    /// <summary>Waits until a mailbox holds at least <paramref name="count"/> messages.</summary>
    public static async Task<List<MimeMessage>> WaitForAsync(string mailbox, int count = 1, TimeSpan? timeout = null)
    {
        List<MimeMessage> found = [];
        await HamdelServer.EventuallyAsync(async () => (found = [.. (await ReadAsync(mailbox)).Select(m => m.Message)]).Count >= count,
            $"{count} message(s) reached the mailbox {mailbox}", timeout ?? TimeSpan.FromSeconds(30));
        return found;
    }

    /// <summary>Waits until a message matching <paramref name="match"/> is in a mailbox, and returns it.</summary>
    public static async Task<MimeMessage> WaitForAsync(string mailbox, Func<MimeMessage, bool> match, string what)
    {
        MimeMessage? found = null;
        await HamdelServer.EventuallyAsync(async () => (found = (await ReadAsync(mailbox)).Select(m => m.Message).FirstOrDefault(match)) is not null,
            $"{what} reached the mailbox {mailbox}", TimeSpan.FromSeconds(30));
        return found!;
    }
}
