import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export const metadata = { title: "Check your e-mail" };

export default function CheckEmailPage() {
  return (
    <div className="mx-auto max-w-md">
      <Card>
        <CardHeader>
          <CardTitle><h1 className="text-xl">Check your e-mail</h1></CardTitle>
          <CardDescription>
            A sign-in link is on its way. It works once and expires in 24 hours. Without an SMTP server configured, the link is printed in the server log.
          </CardDescription>
        </CardHeader>
      </Card>
    </div>
  );
}
