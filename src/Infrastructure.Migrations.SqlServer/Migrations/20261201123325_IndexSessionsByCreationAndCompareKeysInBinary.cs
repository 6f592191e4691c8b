using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shop.Infrastructure.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class IndexSessionsByCreationAndCompareKeysInBinary : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "normalized_email",
                table: "users",
                type: "nvarchar(254)",
                maxLength: 254,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(254)",
                oldMaxLength: 254);

            migrationBuilder.AlterColumn<string>(
                name: "token_hash",
                table: "refresh_tokens",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64);

            // The key is part of the primary key, which SQL Server will not let a column change under.
            migrationBuilder.DropPrimaryKey(name: "PK_idempotency_keys", table: "idempotency_keys");

            migrationBuilder.AlterColumn<string>(
                name: "key",
                table: "idempotency_keys",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: false,
                collation: "Latin1_General_100_BIN2",
                oldClrType: typeof(string),
                oldType: "nvarchar(100)",
                oldMaxLength: 100);

            migrationBuilder.AddPrimaryKey(name: "PK_idempotency_keys", table: "idempotency_keys", columns: ["user_id", "key"]);

            migrationBuilder.CreateIndex(
                name: "IX_sessions_created_at",
                table: "sessions",
                column: "created_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_sessions_created_at",
                table: "sessions");

            migrationBuilder.AlterColumn<string>(
                name: "normalized_email",
                table: "users",
                type: "nvarchar(254)",
                maxLength: 254,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(254)",
                oldMaxLength: 254,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AlterColumn<string>(
                name: "token_hash",
                table: "refresh_tokens",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(64)",
                oldMaxLength: 64,
                oldCollation: "Latin1_General_100_BIN2");

            // The key is part of the primary key, which SQL Server will not let a column change under.
            migrationBuilder.DropPrimaryKey(name: "PK_idempotency_keys", table: "idempotency_keys");

            migrationBuilder.AlterColumn<string>(
                name: "key",
                table: "idempotency_keys",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "nvarchar(100)",
                oldMaxLength: 100,
                oldCollation: "Latin1_General_100_BIN2");

            migrationBuilder.AddPrimaryKey(name: "PK_idempotency_keys", table: "idempotency_keys", columns: ["user_id", "key"]);
        }
    }
}
