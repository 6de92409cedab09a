using System.ComponentModel.DataAnnotations;

namespace Hamdel.Server.Features.Surveys;

/// <summary>Settings under <c>Hamdel:Surveys</c>.</summary>
internal sealed class SurveyOptions
{
    public const string Section = "Hamdel:Surveys";

    /// <summary>How long an invitation's link can be answered.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long after answering the customer may still change the score or add a comment.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan ChangeWindow { get; set; } = TimeSpan.FromHours(48);

    /// <summary>How often due invitations are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts to hand an invitation to the mail server before it counts as failed.</summary>
    [Range(1, 20)]
    public int MaxSendAttempts { get; set; } = 5;
}

/// <summary>Settings under <c>Hamdel:Smtp</c>: the mail server that sends invitations (until the e-mail channel exists).</summary>
internal sealed class SmtpOptions
{
    public const string Section = "Hamdel:Smtp";

    /// <summary>No host: invitations are not e-mailed (they are marked failed, with the reason).</summary>
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary><c>Auto</c>, <c>None</c>, <c>StartTls</c>, <c>StartTlsWhenAvailable</c> or <c>SslOnConnect</c>.</summary>
    [AllowedValues("Auto", "None", "StartTls", "StartTlsWhenAvailable", "SslOnConnect")]
    public string Security { get; set; } = "Auto";

    public string? UserName { get; set; }
    public string? Password { get; set; }

    [Required, EmailAddress]
    public string From { get; set; } = "surveys@hamdel.local";

    /// <summary>Sender name; the workspace's name when empty.</summary>
    public string? FromName { get; set; }
}
