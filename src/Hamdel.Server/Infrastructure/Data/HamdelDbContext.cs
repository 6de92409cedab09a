using Hamdel.Server.Features.Audit;
using Hamdel.Server.Features.Channels;
using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Features.Customers;
using Hamdel.Server.Features.Inbox;
using Hamdel.Server.Features.FollowUps;
using Hamdel.Server.Features.Insights;
using Hamdel.Server.Features.Metrics;
using Hamdel.Server.Features.Search;
using Hamdel.Server.Features.Surveys;
using Hamdel.Server.Features.Tracking;
using Hamdel.Server.Features.Teams;
using Hamdel.Server.Features.Webhooks;
using Hamdel.Server.Infrastructure.Events;
using Hamdel.Server.Features.Tokens;
using Hamdel.Server.Features.Users;
using Hamdel.Server.Features.Workspaces;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Infrastructure.Data;

/// <summary>
/// The one model of Hamdel. Each database provider has a subclass only so that it can carry its
/// own migration set (see <see cref="SqliteHamdelDbContext"/> and <see cref="PostgresHamdelDbContext"/>);
/// application code always asks for this type.
/// </summary>
internal abstract class HamdelDbContext(DbContextOptions options) : IdentityUserContext<User, Guid>(options), IDataProtectionKeyContext
{
    /// <summary>Keys that protect cookies and tokens, shared by every server instance.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Workspace> Workspaces => Set<Workspace>();
    public DbSet<WorkspaceMember> WorkspaceMembers => Set<WorkspaceMember>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<CustomerIdentity> CustomerIdentities => Set<CustomerIdentity>();
    public DbSet<CustomerAttribute> CustomerAttributes => Set<CustomerAttribute>();
    public DbSet<CustomerTag> CustomerTags => Set<CustomerTag>();
    public DbSet<CustomerMerge> CustomerMerges => Set<CustomerMerge>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();
    public DbSet<Channel> Channels => Set<Channel>();
    public DbSet<Conversation> Conversations => Set<Conversation>();
    public DbSet<ConversationTag> ConversationTags => Set<ConversationTag>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<Attachment> Attachments => Set<Attachment>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<OutboxEvent> OutboxEvents => Set<OutboxEvent>();
    public DbSet<Webhook> Webhooks => Set<Webhook>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<SearchEntry> SearchEntries => Set<SearchEntry>();
    public DbSet<SavedReply> SavedReplies => Set<SavedReply>();
    public DbSet<Touchpoint> Touchpoints => Set<Touchpoint>();
    public DbSet<Survey> Surveys => Set<Survey>();
    public DbSet<SurveyVersion> SurveyVersions => Set<SurveyVersion>();
    public DbSet<SurveyTrigger> SurveyTriggers => Set<SurveyTrigger>();
    public DbSet<SurveySettings> SurveySettings => Set<SurveySettings>();
    public DbSet<SurveyOptOut> SurveyOptOuts => Set<SurveyOptOut>();
    public DbSet<SurveyInvitation> SurveyInvitations => Set<SurveyInvitation>();
    public DbSet<SurveyAnswer> SurveyAnswers => Set<SurveyAnswer>();
    public DbSet<FollowUpCase> FollowUpCases => Set<FollowUpCase>();
    public DbSet<FollowUpNote> FollowUpNotes => Set<FollowUpNote>();
    public DbSet<TrackedEvent> TrackedEvents => Set<TrackedEvent>();
    public DbSet<TextInsight> TextInsights => Set<TextInsight>();
    public DbSet<WorkspaceTopics> WorkspaceTopics => Set<WorkspaceTopics>();
    public DbSet<MetricFact> MetricFacts => Set<MetricFact>();
    public DbSet<MetricRollup> MetricRollups => Set<MetricRollup>();
    public DbSet<MetricHistogramBin> MetricHistogramBins => Set<MetricHistogramBin>();
    public DbSet<MetricWorkspaceState> MetricWorkspaceStates => Set<MetricWorkspaceState>();
    public DbSet<Features.Email.EmailMessage> EmailMessages => Set<Features.Email.EmailMessage>();
    public DbSet<Features.Email.EmailMailboxState> EmailMailboxStates => Set<Features.Email.EmailMailboxState>();
    public DbSet<Features.Email.EmailQuarantine> EmailQuarantine => Set<Features.Email.EmailQuarantine>();
    public DbSet<Features.Email.OutgoingEmail> OutgoingEmails => Set<Features.Email.OutgoingEmail>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Identity names its tables itself (AspNetUsers ...); give them the same snake_case names as the rest.
        builder.Entity<User>().ToTable("users");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserToken<Guid>>().ToTable("user_tokens");
        builder.ApplyConfigurationsFromAssembly(typeof(HamdelDbContext).Assembly, t => !t.IsAbstract);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BumpVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries<IVersioned>())
        {
            if (entry.State == EntityState.Modified)
            {
                entry.Entity.Version++;
            }
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: readable in SQL and safe when members are reordered.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }
}
