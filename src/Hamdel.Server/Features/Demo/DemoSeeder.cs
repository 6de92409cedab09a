using System.ComponentModel.DataAnnotations;
using Hamdel.Server.Features.Channels;
using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Features.Customers;
using Hamdel.Server.Features.Inbox;
using Hamdel.Server.Features.Search;
using Hamdel.Server.Features.Teams;
using Hamdel.Server.Features.Users;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Localization;
using Microsoft.AspNetCore.Identity;

namespace Hamdel.Server.Features.Demo;

/// <summary>Settings under <c>Hamdel:Demo</c>.</summary>
internal sealed class DemoOptions
{
    public const string Section = "Hamdel:Demo";

    /// <summary>Create the demo workspace on the first start with an empty database.</summary>
    public bool Enabled { get; set; } = true;

    [Range(0, 100_000)]
    public int Customers { get; set; } = 60;

    [Range(0, 1_000_000)]
    public int Conversations { get; set; } = 300;
}

/// <summary>
/// A living demo workspace, "Hamdel Coffee": an online coffee roaster serving customers in Persian,
/// Arabic and English, with its team. Deterministic (fixed random seed) so every newcomer sees the
/// same shop. Demo staff have no password; only the administrator signs in.
/// </summary>
internal sealed class DemoSeeder(HamdelDbContext db, UserManager<User> users, ChannelKinds kinds, DemoSurveys surveys, TimeProvider time)
{
    private static readonly (string Name, string Email, WorkspaceRole Role, string Language)[] Staff =
    [
        ("نرگس رحیمی", "narges@demo.hamdel.local", WorkspaceRole.Supervisor, "fa"),
        ("رضا کریمی", "reza@demo.hamdel.local", WorkspaceRole.Agent, "fa"),
        ("ليلى حداد", "layla@demo.hamdel.local", WorkspaceRole.Agent, "ar"),
        ("عمر السيد", "omar@demo.hamdel.local", WorkspaceRole.Agent, "ar"),
        ("Emily Carter", "emily@demo.hamdel.local", WorkspaceRole.Agent, "en"),
        ("Daniel Brooks", "daniel@demo.hamdel.local", WorkspaceRole.Analyst, "en"),
    ];

    private static readonly string[] PersianFirst = ["مریم", "علی", "زهرا", "محمد", "فاطمه", "حسین", "سارا", "امیر", "نازنین", "مهدی", "پریسا", "کیان", "شیرین", "بهرام", "یاسمن", "آرش"];
    private static readonly string[] PersianLast = ["احمدی", "حسینی", "محمدی", "کاظمی", "موسوی", "رضایی", "جعفری", "صادقی", "نوری", "تهرانی", "شیرازی", "اصفهانی"];
    private static readonly string[] ArabicFirst = ["أحمد", "فاطمة", "خالد", "نورة", "يوسف", "مريم", "سلمان", "هند", "طارق", "ريم", "ماجد", "لينا"];
    private static readonly string[] ArabicLast = ["العتيبي", "الحربي", "القحطاني", "الزهراني", "المصري", "الخطيب", "النجار", "الشمري", "البلوشي", "الكعبي"];
    private static readonly string[] EnglishFirst = ["Olivia", "James", "Amelia", "Noah", "Sophie", "Liam", "Grace", "Ethan", "Chloe", "Oscar", "Hannah", "Leo"];
    private static readonly string[] EnglishLast = ["Smith", "Johnson", "Patel", "Williams", "Brown", "Taylor", "Khan", "Wilson", "Evans", "Murphy"];
    private static readonly string[] Latin = ["maryam", "ali", "zahra", "mohammad", "fatemeh", "hossein", "sara", "amir", "nazanin", "mahdi", "parisa", "kian", "shirin", "bahram", "yasaman", "arash"];
    private static readonly string[] LatinAr = ["ahmed", "fatima", "khaled", "noura", "yousef", "mariam", "salman", "hind", "tariq", "reem", "majed", "lina"];

    public async Task<Workspace> SeedAsync(User admin, DemoOptions options, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var random = new Random(1404);
        var workspace = new Workspace { Name = "Hamdel Coffee (demo)", TimeZone = "Asia/Tehran", DefaultLanguage = "fa", DefaultPhoneRegion = "IR", IsDemo = true, CreatedAt = now.AddDays(-400) };
        db.Workspaces.Add(workspace);
        db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = workspace.Id, UserId = admin.Id, Role = WorkspaceRole.Admin, CreatedAt = workspace.CreatedAt });

        var staff = new Dictionary<string, User>();
        foreach (var (name, email, role, language) in Staff)
        {
            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                user = new User
                {
                    UserName = email,
                    Email = email,
                    EmailConfirmed = true,
                    DisplayName = name,
                    Language = language,
                    Calendar = language switch { "fa" => CalendarKind.Persian, "ar" => CalendarKind.UmAlQura, _ => CalendarKind.Gregorian },
                    TimeZone = language switch { "fa" => "Asia/Tehran", "ar" => "Asia/Riyadh", _ => "Europe/London" },
                    CreatedAt = workspace.CreatedAt,
                };
                var created = await users.CreateAsync(user);
                if (!created.Succeeded)
                {
                    throw new InvalidOperationException("Demo staff could not be created: " + string.Join(" ", created.Errors.Select(e => e.Description)));
                }
            }
            db.WorkspaceMembers.Add(new WorkspaceMember { WorkspaceId = workspace.Id, UserId = user.Id, Role = role, CreatedAt = workspace.CreatedAt });
            staff[email.Split('@')[0]] = user;
        }

        var used = new HashSet<string>();
        var customers = new List<Customer>();
        for (var i = 0; i < options.Customers; i++)
        {
            var customer = DemoCustomer(workspace, i, random, now, used);
            db.Customers.Add(customer);
            db.SearchEntries.Add(new SearchEntry
            {
                WorkspaceId = workspace.Id,
                Kind = SearchKind.Customer,
                OwnerId = customer.Id,
                Text = SearchText.Of(customer.DisplayName + "\n" + string.Join("\n", customer.Identities.Select(x => x.Value))),
            });
            customers.Add(customer);
        }

        var orders = new Team { WorkspaceId = workspace.Id, Name = "سفارش‌ها", LeadUserId = staff["narges"].Id, CreatedAt = workspace.CreatedAt };
        var billing = new Team { WorkspaceId = workspace.Id, Name = "مالی", LeadUserId = staff["narges"].Id, CreatedAt = workspace.CreatedAt };
        db.Teams.AddRange(orders, billing);
        foreach (var (team, people) in new[] { (orders, new[] { "narges", "reza", "layla", "emily" }), (billing, new[] { "narges", "omar", "emily" }) })
        {
            db.TeamMembers.AddRange(people.Select(p => new TeamMember { TeamId = team.Id, UserId = staff[p].Id }));
        }

        var app = NewChannel(workspace, ApiChannelKind.Name, "اپلیکیشن قهوه همدل", null, orders.Id);
        var form = NewChannel(workspace, WebFormChannelKind.Name, "فرم تماس", System.Text.Json.JsonSerializer.SerializeToElement(new
        {
            title = new { fa = "تماس با قهوه همدل", ar = "تواصل مع قهوة همدل", en = "Contact Hamdel Coffee" },
            intro = new { fa = "سؤال یا مشکلی دارید؟ بنویسید؛ معمولاً همان روز پاسخ می‌دهیم.", ar = "لديك سؤال أو مشكلة؟ اكتب لنا؛ نرد عادةً في اليوم نفسه.", en = "A question or a problem? Write to us; we usually answer the same day." },
            askPhone = true,
        }), orders.Id);
        db.Channels.AddRange(app, form);

        foreach (var (shortcut, title, body, language) in DemoConversations.SavedReplies)
        {
            db.SavedReplies.Add(new SavedReply { WorkspaceId = workspace.Id, Shortcut = shortcut, Title = title, Body = body, Language = language, CreatedByUserId = staff["narges"].Id, CreatedAt = workspace.CreatedAt, UpdatedAt = workspace.CreatedAt });
        }

        SeedConversations(workspace, options.Conversations, customers, [app, form], orders, billing, staff, random, now);
        await db.SaveChangesAsync(cancellationToken);
        await surveys.SeedAsync(workspace, customers, staff["narges"].Id, random, now, cancellationToken);
        return workspace;
    }

    private Channel NewChannel(Workspace workspace, string kind, string name, System.Text.Json.JsonElement? settings, Guid teamId) => new()
    {
        WorkspaceId = workspace.Id,
        Kind = kind,
        Name = name,
        PublicKey = kind == WebFormChannelKind.Name ? "demo-contact" : "demo-app",
        Settings = kinds.Get(kind).ValidateSettings(settings, null).Value!.Stored,
        TeamId = teamId,
        CreatedAt = workspace.CreatedAt,
    };

    /// <summary>
    /// Half a year of conversations: most resolved after a first answer within minutes or hours,
    /// some reopened or handed between agents and teams, and the last days' ones still open.
    /// </summary>
    private void SeedConversations(Workspace workspace, int count, List<Customer> customers, Channel[] channels, Team orders, Team billing, Dictionary<string, User> staff, Random random, DateTimeOffset now)
    {
        var agentsByLanguage = new Dictionary<string, User[]>
        {
            ["fa"] = [staff["reza"], staff["narges"]],
            ["ar"] = [staff["layla"], staff["omar"]],
            ["en"] = [staff["emily"]],
        };
        var planned = new List<(DateTimeOffset Start, Customer Customer)>();
        for (var i = 0; i < count && customers.Count > 0; i++)
        {
            // More recent days are busier: the shop is growing.
            var daysAgo = 180 * Math.Pow(random.NextDouble(), 1.6);
            planned.Add((now.AddDays(-daysAgo).AddMinutes(-random.Next(0, 600)), customers[random.Next(customers.Count)]));
        }

        long number = 0;
        foreach (var (start, customer) in planned.OrderBy(p => p.Start))
        {
            var language = customer.Language ?? "fa";
            var scripts = DemoConversations.ByLanguage[language];
            var script = scripts[random.Next(scripts.Length)];
            var channel = random.NextDouble() < 0.75 ? channels[0] : channels[1];
            var team = script.Topic is "refund" or "subscription" ? billing : orders;
            var agents = agentsByLanguage[language];
            var agent = agents[random.Next(agents.Length)];
            var order = OrderNumber(random, language);
            var firstName = customer.DisplayName.Split(' ')[0];
            var age = now - start;
            // Recent conversations may not have got all their turns yet.
            var turns = age < TimeSpan.FromHours(6) ? 1 : age < TimeSpan.FromDays(2) ? Math.Min(script.Turns.Length, 1 + random.Next(script.Turns.Length)) : script.Turns.Length;

            var conversation = new Conversation
            {
                WorkspaceId = workspace.Id,
                Number = ++number,
                CustomerId = customer.Id,
                ChannelId = channel.Id,
                Subject = script.Subject,
                Language = language,
                TeamId = team.Id,
                Priority = script.Happy ? ConversationPriority.Normal : random.NextDouble() < 0.3 ? ConversationPriority.High : ConversationPriority.Normal,
                CreatedAt = start,
            };
            conversation.Tags.Add(new ConversationTag { ConversationId = conversation.Id, WorkspaceId = workspace.Id, Tag = script.Topic });
            var at = start;
            for (var t = 0; t < turns; t++)
            {
                var fromCustomer = t % 2 == 0;
                if (t > 0)
                {
                    // Agents answer in minutes to hours; customers come back within a day.
                    at = at.AddMinutes(fromCustomer ? random.Next(20, 1440) : Math.Min(1440, 3 + Math.Exp(random.NextDouble() * 6.5)));
                }
                if (at > now)
                {
                    break;
                }
                var text = script.Turns[t].Replace("{name}", firstName, StringComparison.Ordinal).Replace("{order}", order, StringComparison.Ordinal);
                var message = new Message
                {
                    WorkspaceId = workspace.Id,
                    ConversationId = conversation.Id,
                    ChannelId = channel.Id,
                    Direction = fromCustomer ? MessageDirection.Inbound : MessageDirection.Outbound,
                    Author = fromCustomer ? MessageAuthor.Customer : MessageAuthor.Agent,
                    AuthorUserId = fromCustomer ? null : agent.Id,
                    Text = text,
                    SentAt = at,
                    CreatedAt = at,
                    DeliveryStatus = fromCustomer ? DeliveryStatus.NotApplicable : DeliveryStatus.Sent,
                    DeliveredAt = fromCustomer ? null : at,
                };
                db.Messages.Add(message);
                db.SearchEntries.Add(new SearchEntry { WorkspaceId = workspace.Id, Kind = SearchKind.Message, OwnerId = conversation.Id, SourceId = message.Id, Text = SearchText.Of(script.Subject + "\n" + text) });
                conversation.MessageCount++;
                conversation.LastMessageAt = at;
                if (fromCustomer)
                {
                    conversation.WaitingSince ??= at;
                }
                else
                {
                    conversation.AgentReplyCount++;
                    conversation.FirstResponseAt ??= at;
                    conversation.WaitingSince = null;
                    conversation.AssigneeId = agent.Id;
                }
            }

            var lastFromCustomer = conversation.WaitingSince is not null;
            if (age > TimeSpan.FromDays(2) || (!lastFromCustomer && random.NextDouble() < 0.6))
            {
                conversation.Status = age > TimeSpan.FromDays(60) && random.NextDouble() < 0.3 ? ConversationStatus.Closed : ConversationStatus.Resolved;
                conversation.ResolvedAt = conversation.LastMessageAt.AddMinutes(random.Next(1, 90));
                conversation.ClosedAt = conversation.Status == ConversationStatus.Closed ? conversation.ResolvedAt : null;
                conversation.WaitingSince = null;
            }
            else
            {
                conversation.Status = lastFromCustomer ? ConversationStatus.Open : ConversationStatus.Pending;
                if (lastFromCustomer && random.NextDouble() < 0.5)
                {
                    conversation.AssigneeId = null;
                }
            }
            // Weak resolution leaves traces the metrics will find.
            if (!script.Happy && random.NextDouble() < 0.15)
            {
                conversation.ReopenCount = 1;
            }
            if (random.NextDouble() < 0.1)
            {
                conversation.TeamTransferCount = 1;
            }
            if (conversation.AssigneeId is not null && random.NextDouble() < 0.12)
            {
                conversation.ReassignmentCount = 1;
            }
            conversation.UpdatedAt = conversation.ResolvedAt ?? conversation.LastMessageAt;
            db.Conversations.Add(conversation);
        }
        workspace.LastConversationNumber = number;
    }

    private static string OrderNumber(Random random, string language)
    {
        var digits = random.Next(10_000, 99_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Persian and Arabic customers often type their own digits.
        return "#" + (language == "en" ? digits : Infrastructure.Localization.Intl.LocalizeDigits(digits, language));
    }

    private static Customer DemoCustomer(Workspace workspace, int index, Random random, DateTimeOffset now, HashSet<string> used)
    {
        // Half Persian, a third Arabic, the rest English: the shop's customer base.
        var roll = index % 6;
        var language = roll < 3 ? "fa" : roll < 5 ? "ar" : "en";
        string name, emailLocal, phone, timeZone;
        switch (language)
        {
            case "fa":
                var f = random.Next(PersianFirst.Length);
                name = $"{PersianFirst[f]} {PersianLast[random.Next(PersianLast.Length)]}";
                emailLocal = Latin[f];
                phone = $"+98912{random.Next(1_000_000, 9_999_999)}";
                timeZone = "Asia/Tehran";
                break;
            case "ar":
                var a = random.Next(ArabicFirst.Length);
                name = $"{ArabicFirst[a]} {ArabicLast[random.Next(ArabicLast.Length)]}";
                emailLocal = LatinAr[a];
                phone = random.Next(2) == 0 ? $"+96655{random.Next(1_000_000, 9_999_999)}" : $"+97150{random.Next(1_000_000, 9_999_999)}";
                timeZone = phone.StartsWith("+966", StringComparison.Ordinal) ? "Asia/Riyadh" : "Asia/Dubai";
                break;
            default:
                var e = random.Next(EnglishFirst.Length);
                var last = EnglishLast[random.Next(EnglishLast.Length)];
                name = $"{EnglishFirst[e]} {last}";
                emailLocal = $"{EnglishFirst[e].ToLowerInvariant()}.{last.ToLowerInvariant()}";
                phone = $"+447{random.Next(100_000_000, 999_999_999)}";
                timeZone = "Europe/London";
                break;
        }

        var domain = language switch { "fa" => "example.ir", "ar" => "example.sa", _ => "example.co.uk" };
        var email = $"{emailLocal}{(used.Contains(emailLocal) ? index.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}@{domain}";
        used.Add(emailLocal);
        var created = now.AddDays(-random.Next(1, 390)).AddMinutes(-random.Next(0, 1440));
        var customer = new Customer
        {
            WorkspaceId = workspace.Id,
            DisplayName = name,
            Language = language,
            TimeZone = timeZone,
            CreatedAt = created,
            UpdatedAt = created,
        };
        customer.Identities.Add(new CustomerIdentity { WorkspaceId = workspace.Id, CustomerId = customer.Id, Kind = IdentityKind.Email, Value = email, Verified = true, CreatedAt = created });
        if (random.Next(3) > 0)
        {
            customer.Identities.Add(new CustomerIdentity { WorkspaceId = workspace.Id, CustomerId = customer.Id, Kind = IdentityKind.Phone, Value = phone, CreatedAt = created });
        }
        return customer;
    }
}
