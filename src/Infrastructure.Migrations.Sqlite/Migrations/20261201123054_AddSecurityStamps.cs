using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shop.Infrastructure.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddSecurityStamps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "last_login_at",
                table: "users",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "security_stamp",
                table: "users",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<Guid>(
                name: "security_stamp",
                table: "sessions",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<Guid>(
                name: "except_session_id",
                table: "revocations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_revocations_kind_cutoff",
                table: "revocations",
                columns: new[] { "kind", "cutoff" });

            // Emails are stored and compared in their canonical form (NFKC, then lower case). Existing
            // addresses are ASCII in practice, for which LOWER() is that form on every provider.
            migrationBuilder.Sql("UPDATE users SET email = LOWER(email), normalized_email = LOWER(normalized_email)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_revocations_kind_cutoff",
                table: "revocations");

            migrationBuilder.DropColumn(
                name: "last_login_at",
                table: "users");

            migrationBuilder.DropColumn(
                name: "security_stamp",
                table: "users");

            migrationBuilder.DropColumn(
                name: "security_stamp",
                table: "sessions");

            migrationBuilder.DropColumn(
                name: "except_session_id",
                table: "revocations");
        }
    }
}
