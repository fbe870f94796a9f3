import type { PrismaClient } from "./generated/client";
import { hashPassword } from "@/lib/auth/password";
import { seedDemoCredits } from "@/lib/demo/demo-credits";

export const DEMO_PASSWORD = "tollgate-demo";

type CatalogSeed = { itemType: string; itemId: string; name: string; description: string };

const catalogs: Record<string, CatalogSeed[]> = {
  acme: [
    { itemType: "mentor", itemId: "career-coach", name: "Career Coach", description: "One-on-one guidance for job searches, interviews and salary talks." },
    { itemType: "mentor", itemId: "calculus-tutor", name: "Calculus Tutor", description: "Step-by-step help with limits, derivatives and integrals." },
    { itemType: "mentor", itemId: "writing-partner", name: "Writing Partner", description: "Feedback on essays, cover letters and long-form writing." },
    { itemType: "mentor", itemId: "python-pair", name: "Python Pair Programmer", description: "Reviews your code and explains errors as you learn Python." },
    { itemType: "course", itemId: "intro-data-science", name: "Intro to Data Science", description: "Statistics, pandas and visualisation from first principles." },
    { itemType: "course", itemId: "web-foundations", name: "Web Foundations", description: "HTML, CSS and JavaScript for people building their first site." },
    { itemType: "course", itemId: "product-management", name: "Product Management Essentials", description: "Discovery, roadmaps and shipping with a small team." },
    { itemType: "course", itemId: "public-speaking", name: "Public Speaking", description: "Structure a talk and deliver it with confidence." },
    { itemType: "program", itemId: "data-analyst", name: "Data Analyst Program", description: "Six courses and a capstone that prepare you for analyst roles." },
    { itemType: "program", itemId: "frontend-engineer", name: "Frontend Engineer Program", description: "From web basics to React apps in production." },
    { itemType: "program", itemId: "leadership", name: "Leadership Program", description: "Management skills for new team leads." },
    { itemType: "pathway", itemId: "career-switch", name: "Career Switch Pathway", description: "A guided route into tech for career changers." },
    { itemType: "pathway", itemId: "ai-literacy", name: "AI Literacy Pathway", description: "Understand, use and evaluate AI tools at work." },
  ],
  globex: [
    { itemType: "mentor", itemId: "sales-coach", name: "Sales Coach", description: "Practice discovery calls and objection handling." },
    { itemType: "mentor", itemId: "spanish-tutor", name: "Spanish Tutor", description: "Conversational Spanish at your level." },
    { itemType: "mentor", itemId: "fitness-planner", name: "Fitness Planner", description: "Builds weekly training plans around your schedule." },
    { itemType: "mentor", itemId: "finance-guide", name: "Personal Finance Guide", description: "Budgets, savings goals and investing basics." },
    { itemType: "course", itemId: "negotiation", name: "Negotiation Fundamentals", description: "Prepare, anchor and close better deals." },
    { itemType: "course", itemId: "excel-mastery", name: "Excel Mastery", description: "Formulas, pivot tables and dashboards." },
    { itemType: "course", itemId: "photography", name: "Digital Photography", description: "Exposure, composition and editing." },
    { itemType: "course", itemId: "mindful-work", name: "Mindful Work", description: "Focus and stress management for busy people." },
    { itemType: "program", itemId: "sales-academy", name: "Sales Academy", description: "A complete program for new account executives." },
    { itemType: "program", itemId: "analytics", name: "Business Analytics Program", description: "Turn company data into decisions." },
    { itemType: "program", itemId: "creative-studio", name: "Creative Studio Program", description: "Photography, design and video in one track." },
    { itemType: "pathway", itemId: "first-manager", name: "First-Time Manager Pathway", description: "Everything a new manager needs in the first 90 days." },
    { itemType: "pathway", itemId: "language-immersion", name: "Language Immersion Pathway", description: "Daily practice plans across three languages." },
  ],
};

/** Inserts the demo operator, platforms, members, catalogs and acme's metered agent (Local model, credit packs, the learner's welcome credits). Safe to run again. */
export async function seedDemoData(db: PrismaClient): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const user = (email: string, name: string, isOperator = false) =>
    db.user.upsert({
      where: { email },
      update: {},
      create: { email, name, passwordHash, isOperator, emailVerified: new Date() },
    });

  await user("operator@tollgate.test", "Olivia Operator", true);
  const acme = await db.platform.upsert({
    where: { key: "acme" },
    update: {},
    create: { key: "acme", name: "Acme Academy", enableMonetization: true, showPaywall: true },
  });
  const globex = await db.platform.upsert({
    where: { key: "globex" },
    update: {},
    create: { key: "globex", name: "Globex Learning" },
  });

  const members: [string, string, string, "owner" | "admin" | "member"][] = [
    ["owner@acme.test", "Ada Owner", acme.id, "owner"],
    ["admin@acme.test", "Alan Admin", acme.id, "admin"],
    ["learner@acme.test", "Lena Learner", acme.id, "member"],
    ["owner@globex.test", "Grace Owner", globex.id, "owner"],
  ];
  const ids: Record<string, string> = {};
  for (const [email, name, platformId, role] of members) {
    const u = await user(email, name);
    ids[email] = u.id;
    await db.membership.upsert({
      where: { userId_platformId: { userId: u.id, platformId } },
      update: {},
      create: { userId: u.id, platformId, role },
    });
  }

  for (const [key, items] of Object.entries(catalogs)) {
    const platformId = key === "acme" ? acme.id : globex.id;
    await db.catalogItem.createMany({
      data: items.map((i) => ({ ...i, platformId })),
      skipDuplicates: true,
    });
  }

  await seedDemoCredits(db, acme.id, ids["learner@acme.test"]);
}
