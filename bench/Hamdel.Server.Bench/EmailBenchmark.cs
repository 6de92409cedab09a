using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Hamdel.Server.Features.Demo;
using Hamdel.Server.Features.Email;

namespace Hamdel.Server.Bench;

/// <summary>
/// E-mails per second from delivery into a real IMAP mailbox (Dovecot, APPEND) to a stored
/// conversation in Hamdel (fetched over IMAP, parsed, stored, committed, marked done), beside MimeKit
/// parsing the same messages in memory in the same run: the ratio says what fetching and storing
/// cost on top of reading the mail.
/// </summary>
internal static class EmailBenchmark
{
    public static async Task RunAsync(string provider, int count)
    {
        var imap = Environment.GetEnvironmentVariable("HAMDEL_BENCH_IMAP") ?? throw new InvalidOperationException("HAMDEL_BENCH_IMAP (host:port of a Dovecot) is not set; run through ./bench.sh email.");
        var password = Environment.GetEnvironmentVariable("HAMDEL_BENCH_IMAP_PASSWORD") ?? throw new InvalidOperationException("HAMDEL_BENCH_IMAP_PASSWORD is not set.");
        var (host, port) = (imap.Split(':')[0], int.Parse(imap.Split(':')[1], CultureInfo.InvariantCulture));
        var messages = Corpus(count);
        var bytes = messages.Sum(m => (long)m.Length);

        // The anchor: MimeKit reading the same messages from memory, bodies and headers decoded.
        foreach (var raw in messages.Take(200))
        {
            Parse(raw);
        }
        var anchor = Stopwatch.StartNew();
        foreach (var raw in messages)
        {
            Parse(raw);
        }
        var parseElapsed = anchor.Elapsed;

        await using var database = await BenchDatabase.CreateAsync(provider);
        var mailbox = $"bench{Guid.NewGuid():N}"[..20];
        TimeSpan elapsed, appendElapsed;
        await using (var server = await BenchServer.StartAsync(database, new Dictionary<string, string>
        {
            ["Hamdel:Email:ChannelScanInterval"] = "00:00:00.200",
        }))
        {
            var created = await server.Client.PostAsJsonAsync($"/api/v1/workspaces/{server.WorkspaceId}/channels", new
            {
                kind = "email",
                name = "Bench mail",
                settings = new
                {
                    imapHost = host, imapPort = port, imapSecurity = "None", imapUser = mailbox, imapPassword = password,
                    smtpHost = host, smtpPort = 25, smtpSecurity = "None", fromAddress = $"{mailbox}@bench.test", senderHourlyLimit = 10_000,
                },
            });
            created.EnsureSuccessStatusCode();
            await using var connection = await database.OpenAsync();
            await WaitAsync(connection, "SELECT COUNT(*) FROM email_mailbox_states WHERE last_error IS NULL", 1, TimeSpan.FromSeconds(30));

            var clock = Stopwatch.StartNew();
            await using (var append = await ImapAppender.OpenAsync(host, port, mailbox, password))
            {
                foreach (var raw in messages)
                {
                    await append.AppendAsync(raw);
                }
            }
            appendElapsed = clock.Elapsed;
            await WaitAsync(connection, "SELECT COUNT(*) FROM email_messages", count, TimeSpan.FromMinutes(30));
            elapsed = clock.Elapsed;
        }

        var rate = count / elapsed.TotalSeconds;
        var parseRate = count / parseElapsed.TotalSeconds;
        Console.WriteLine();
        Console.WriteLine($"email benchmark on {provider}: {count:N0} messages ({bytes / 1024.0 / 1024.0:N1} MiB: plain, HTML alternative, quoted replies, attachments; fa, ar, en)");
        Console.WriteLine($"{"",-44} {"Hamdel",14} {"MimeKit only",14} {"ratio",8}");
        Console.WriteLine($"{"messages/s",-44} {rate,14:N0} {parseRate,14:N0} {rate / parseRate,8:0.000}");
        Console.WriteLine($"(Hamdel: from the first IMAP APPEND into Dovecot to the last message committed, fetched over IMAP IDLE; APPEND alone took {appendElapsed.TotalSeconds:N1} s.");
        Console.WriteLine(" MimeKit only: MimeMessage.Load of the same bytes from memory with the text and HTML bodies decoded, in this process.)");
    }

    private static void Parse(byte[] raw)
    {
        using var stream = new MemoryStream(raw, writable: false);
        var message = EmailParser.Load(stream);
        _ = message.TextBody;
        _ = message.HtmlBody;
    }

    private static async Task WaitAsync(System.Data.Common.DbConnection connection, string sql, int target, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            if (Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) >= target)
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"'{sql}' did not reach {target} in {timeout}.");
    }

    /// <summary>Customer mail of the kinds a support mailbox gets, from the demo's conversations.</summary>
    private static List<byte[]> Corpus(int count)
    {
        var random = new Random(11);
        var texts = DemoConversations.ByLanguage.Values.SelectMany(s => s).SelectMany(s => s.Turns.Where((_, i) => i % 2 == 0))
            .Select(t => t.Replace("{order}", "#1042", StringComparison.Ordinal).Replace("{name}", "", StringComparison.Ordinal)).ToArray();
        var pdf = Convert.ToBase64String(Encoding.ASCII.GetBytes("%PDF-1.4\n" + new string('x', 20_000)), Base64FormattingOptions.InsertLineBreaks);
        var list = new List<byte[]>(count);
        for (var i = 0; i < count; i++)
        {
            var text = texts[random.Next(texts.Length)];
            var head = $"From: Customer {i % 300} <customer{i % 300}@example.com>\r\nTo: support@bench.test\r\nSubject: =?UTF-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(text[..Math.Min(40, text.Length)]))}?=\r\n"
                + $"Date: Sat, 21 Nov 2026 10:{i % 60:00}:00 +0330\r\nMessage-ID: <bench-{i}@example.com>\r\nMIME-Version: 1.0\r\n";
            var body = (i % 4) switch
            {
                0 => $"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{text}\r\n",
                1 => $"Content-Type: multipart/alternative; boundary=\"a{i}\"\r\n\r\n--a{i}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{text}\r\n"
                    + $"--a{i}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n<div dir=\"auto\"><p>{text}</p></div>\r\n--a{i}--\r\n",
                2 => $"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{text}\r\n\r\nOn Fri, Support wrote:\r\n> {texts[random.Next(texts.Length)]}\r\n> {texts[random.Next(texts.Length)]}\r\n",
                _ => $"Content-Type: multipart/mixed; boundary=\"m{i}\"\r\n\r\n--m{i}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{text}\r\n"
                    + $"--m{i}\r\nContent-Type: application/pdf; name=\"invoice-{i}.pdf\"\r\nContent-Disposition: attachment; filename=\"invoice-{i}.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{pdf}\r\n--m{i}--\r\n",
            };
            list.Add(Encoding.UTF8.GetBytes(head + body));
        }
        return list;
    }

    /// <summary>One IMAP connection that APPENDs raw messages, as a mail server's delivery would put them in the mailbox.</summary>
    private sealed class ImapAppender : IAsyncDisposable
    {
        private readonly TcpClient _tcp;
        private readonly NetworkStream _stream;
        private readonly StreamReader _reader;
        private int _tag;

        private ImapAppender(TcpClient tcp)
        {
            _tcp = tcp;
            _stream = tcp.GetStream();
            _reader = new StreamReader(_stream, Encoding.ASCII, false, 4096, leaveOpen: true);
        }

        public static async Task<ImapAppender> OpenAsync(string host, int port, string user, string password)
        {
            var tcp = new TcpClient();
            await tcp.ConnectAsync(host, port);
            var appender = new ImapAppender(tcp);
            await appender._reader.ReadLineAsync();
            await appender.CommandAsync($"LOGIN \"{user}\" \"{password}\"", null);
            return appender;
        }

        public Task AppendAsync(byte[] raw) => CommandAsync($"APPEND INBOX {{{raw.Length}+}}", raw);

        private async Task CommandAsync(string command, byte[]? literal)
        {
            var tag = "b" + (++_tag).ToString(CultureInfo.InvariantCulture);
            await _stream.WriteAsync(Encoding.ASCII.GetBytes($"{tag} {command}\r\n"));
            if (literal is not null)
            {
                await _stream.WriteAsync(literal);
                await _stream.WriteAsync("\r\n"u8.ToArray());
            }
            while (await _reader.ReadLineAsync() is { } line)
            {
                if (line.StartsWith(tag + " ", StringComparison.Ordinal))
                {
                    if (!line.StartsWith(tag + " OK", StringComparison.Ordinal))
                    {
                        throw new IOException(line);
                    }
                    return;
                }
            }
            throw new IOException("The IMAP server closed the connection.");
        }

        public async ValueTask DisposeAsync()
        {
            await _stream.WriteAsync("z LOGOUT\r\n"u8.ToArray());
            _reader.Dispose();
            await _stream.DisposeAsync();
            _tcp.Dispose();
        }
    }
}
