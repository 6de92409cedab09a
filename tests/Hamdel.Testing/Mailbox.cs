using MimeKit;

namespace Hamdel.Testing;

/// <summary>
/// The mail the throwaway SMTP server (started by test.sh, HAMDEL_TEST_SMTP) accepted, read from
/// its maildir (HAMDEL_TEST_MAILDIR). Tests use their own recipient addresses, so they never see
/// each other's mail.
/// </summary>
public static class Mailbox
{
    public static string Server =>
        Environment.GetEnvironmentVariable("HAMDEL_TEST_SMTP")
        ?? throw new InvalidOperationException("HAMDEL_TEST_SMTP is not set. Run the tests through ./test.sh, which starts a throwaway SMTP server, or set it to host:port of one (and HAMDEL_TEST_MAILDIR to its maildir).");

    public static string Directory =>
        Environment.GetEnvironmentVariable("HAMDEL_TEST_MAILDIR") ?? throw new InvalidOperationException("HAMDEL_TEST_MAILDIR is not set (see HAMDEL_TEST_SMTP).");

    /// <summary>The settings that point Hamdel at the test SMTP server.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Settings
    {
        get
        {
            var (host, port) = (Server.Split(':')[0], Server.Split(':')[1]);
            return [new("Hamdel:Smtp:Host", host), new("Hamdel:Smtp:Port", port), new("Hamdel:Smtp:Security", "None"), new("Hamdel:Smtp:From", "surveys@test.hamdel")];
        }
    }

    public static List<MimeMessage> To(string address)
    {
        var folder = Path.Combine(Directory, "new");
        if (!System.IO.Directory.Exists(folder))
        {
            return [];
        }
        var messages = new List<MimeMessage>();
        foreach (var file in System.IO.Directory.GetFiles(folder))
        {
            try
            {
                var message = MimeMessage.Load(file);
                if (message.To.Mailboxes.Any(m => string.Equals(m.Address, address, StringComparison.OrdinalIgnoreCase)))
                {
                    messages.Add(message);
                }
            }
            catch (IOException)
            {
                // Still being written by the server: seen on the next look.
            }
        }
        return messages;
    }

    /// <summary>Waits for the <paramref name="count"/>th message to the address.</summary>
    public static async Task<List<MimeMessage>> WaitForAsync(string address, int count = 1, TimeSpan? timeout = null)
    {
        List<MimeMessage> found = [];
        await HamdelServer.EventuallyAsync(() => Task.FromResult((found = To(address)).Count >= count), $"{count} e-mail(s) reached {address}", timeout);
        return found;
    }

    /// <summary>The links in a message's HTML part, in order.</summary>
    public static List<string> Links(MimeMessage message) =>
        [.. System.Text.RegularExpressions.Regex.Matches(message.HtmlBody ?? "", "href=\"([^\"]+)\"").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value))];
}
