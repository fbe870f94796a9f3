import { withApi } from "@/lib/api/with-api";
import { myPlatforms } from "@/lib/platforms/my-platforms";

export const GET = withApi({ auth: "user" }, async ({ caller }) => ({
  id: caller.user.id,
  email: caller.user.email,
  name: caller.user.name,
  is_operator: caller.isOperator,
  platforms: await myPlatforms(caller.user.id, caller.isOperator),
}));
