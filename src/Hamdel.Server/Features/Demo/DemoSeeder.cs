using System.ComponentModel.DataAnnotations;
using Hamdel.Server.Features.Customers;
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
}

/// <summary>
/// A living demo workspace, "Hamdel Coffee": an online coffee roaster serving customers in Persian,
/// Arabic and English, with its team. Deterministic (fixed random seed) so every newcomer sees the
/// same shop. Demo staff have no password; only the administrator signs in.
/// </summary>
internal sealed class DemoSeeder(HamdelDbContext db, UserManager<User> users, TimeProvider time)
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
        }

        var used = new HashSet<string>();
        for (var i = 0; i < options.Customers; i++)
        {
            var customer = DemoCustomer(workspace, i, random, now, used);
            db.Customers.Add(customer);
        }

        await db.SaveChangesAsync(cancellationToken);
        return workspace;
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
