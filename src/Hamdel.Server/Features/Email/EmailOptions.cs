using System.ComponentModel.DataAnnotations;

namespace Hamdel.Server.Features.Email;

/// <summary>Settings under <c>Hamdel:Email</c>: how the mailbox workers and the sender pace themselves.</summary>
internal sealed class EmailOptions
{
    public const string Section = "Hamdel:Email";

    /// <summary>Whether this instance fetches mail (off for an instance that only serves the UI).</summary>
    public bool FetchEnabled { get; set; } = true;

    /// <summary>How often the supervisor looks for new, changed or removed e-mail channels.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ChannelScanInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often a server without IDLE is asked for new mail.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>IDLE is restarted before this (servers drop an idle client after 30 minutes, some sooner).</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:29:00")]
    public TimeSpan IdleRestart { get; set; } = TimeSpan.FromMinutes(9);

    /// <summary>Back-off after a failed connection doubles from this up to <see cref="ReconnectMax"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ReconnectMin { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:00:01", "06:00:00")]
    public TimeSpan ReconnectMax { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the sender looks for due mail when nothing woke it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan SendPollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The first retry after a temporary SMTP failure; each later one waits four times longer.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "06:00:00")]
    public TimeSpan SendRetryBase { get; set; } = TimeSpan.FromMinutes(1);

    [Range(1, 20)]
    public int MaxSendAttempts { get; set; } = 6;

    /// <summary>A message that fails to store this many times in a row is quarantined.</summary>
    [Range(1, 20)]
    public int MaxStoreAttempts { get; set; } = 3;

    /// <summary>The largest message fetched; a larger one is quarantined unread.</summary>
    [Range(1, 1024)]
    public int MaxMessageMb { get; set; } = 60;
}
