namespace Shop.Infrastructure.Email;

/// <summary>The <c>Email</c> section.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>Sender, e.g. <c>Shop &lt;no-reply@shop.local&gt;</c>.</summary>
    public string From { get; set; } = "Shop <no-reply@shop.local>";

    /// <summary>Where <c>.eml</c> files go when no SMTP host is set; relative to the content root.</summary>
    public string PickupDirectory { get; set; } = "emails";

    public SmtpOptions Smtp { get; set; } = new();

    public OutboxOptions Outbox { get; set; } = new();
}

public sealed class SmtpOptions
{
    /// <summary>Without a host, emails are written to the pickup folder instead.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>TLS from the first byte on port 465, STARTTLS (required) elsewhere; false sends in the clear.</summary>
    public bool UseTls { get; set; } = true;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public int TimeoutSeconds { get; set; } = 30;
}

public sealed class OutboxOptions
{
    /// <summary>How often each instance looks for due emails.</summary>
    public double PollSeconds { get; set; } = 2;

    /// <summary>Rows claimed per look.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>How long a claimed row is held by its instance before another may take it (a crash mid-send).</summary>
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>Retries wait 2, 4, 8 … seconds, at most this long: the delay before delivery once the server is back.</summary>
    public int MaxBackoffSeconds { get; set; } = 60;

    /// <summary>An email still failing this long after it was queued is given up (marked failed, logged).</summary>
    public int GiveUpAfterHours { get; set; } = 72;
}
