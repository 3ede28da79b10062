import { Alert, Badge, Button, Group, Pagination, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import { useCallback, useState } from "react";
import type { AuditRecordView, AuditVerification, Client, Problem } from "../../../src/client/index.js";
import { toProblem, usePolling, useWriteClient } from "../api.js";
import { describeObject, describeVersions, summarizeVerification } from "../audit-view.js";
import { requestSignIn } from "../auth.js";
import { IconAlert, IconLock, IconUp } from "../components/icons.js";
import { ProblemAlert } from "../components/problem-alert.js";
import { formatTime } from "../format.js";
import { navigate } from "../router.js";

const PAGE_SIZE = 50;
const REFRESH_MS = 15_000;

/** The audit log, for admins: who changed what and when, newest first, and a check of its chain. */
export function AuditPage({ page }: { page: number }) {
  const client = useWriteClient();
  return (
    <Stack gap="sm" maw={1600}>
      <Title order={1} size="h3">
        Audit log
      </Title>
      {client ? (
        <AuditLog client={client} page={page} />
      ) : (
        <Alert
          color="gray"
          variant="light"
          icon={<IconLock size={18} />}
          title="Admins only"
          data-testid="audit-signed-out"
        >
          <Text size="sm">The audit log is shown to admin tokens only. Sign in with one to read it.</Text>
          <Button mt="xs" size="xs" variant="default" onClick={requestSignIn}>
            Sign in
          </Button>
        </Alert>
      )}
    </Stack>
  );
}

function AuditLog({ client, page }: { client: Client; page: number }) {
  const offset = (page - 1) * PAGE_SIZE;
  const fetchPage = useCallback(() => client.listAudit({ limit: PAGE_SIZE, offset }), [client, offset]);
  const { data, error } = usePolling(fetchPage, REFRESH_MS);
  const pages = data ? Math.ceil(data.total / PAGE_SIZE) : 0;
  if (error && isRefused(error))
    return (
      <Alert color="gray" variant="light" icon={<IconLock size={18} />} title="Admins only" data-testid="audit-refused">
        <Text size="sm">
          This token may not read the audit log ({error.status}: {error.detail}). Sign in with an admin token.
        </Text>
      </Alert>
    );
  return (
    <>
      <Group justify="space-between" align="center">
        <Text size="sm" c="dimmed" data-testid="audit-total">
          {data ? `${data.total.toLocaleString()} records, newest first` : " "}
        </Text>
        <VerifyButton client={client} />
      </Group>
      {error && <ProblemAlert problem={error} title="Could not load the audit log" retrying="Retrying…" />}
      {data ? <AuditTable records={data.items} /> : !error && <Skeleton height={240} radius="sm" />}
      {pages > 1 && (
        <Pagination
          total={pages}
          value={page}
          onChange={(next) => navigate(next === 1 ? "/audit" : `/audit?page=${next}`)}
          size="sm"
          aria-label="Audit pages"
        />
      )}
    </>
  );
}

const isRefused = (problem: Problem) => problem.status === 401 || problem.status === 403;

function VerifyButton({ client }: { client: Client }) {
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<AuditVerification | Problem>();
  const verify = async () => {
    setRunning(true);
    try {
      setResult(await client.verifyAudit());
    } catch (error) {
      setResult(toProblem(error));
    } finally {
      setRunning(false);
    }
  };
  return (
    <Stack gap={4} align="flex-end" style={{ flex: "1 1 320px" }}>
      <Button size="xs" variant="default" onClick={verify} loading={running} data-testid="audit-verify">
        Verify chain
      </Button>
      {result && "ok" in result && <VerificationResult result={result} />}
      {result && !("ok" in result) && <ProblemAlert problem={result} title="Could not verify" />}
    </Stack>
  );
}

function VerificationResult({ result }: { result: AuditVerification }) {
  const summary = summarizeVerification(result);
  return (
    <Alert
      color={summary.ok ? "green" : "red"}
      variant="light"
      icon={summary.ok ? <IconUp size={18} /> : <IconAlert size={18} />}
      title={summary.title}
      data-testid="audit-verification"
      data-ok={summary.ok}
      w="100%"
    >
      <Text size="xs" ff="monospace" style={{ wordBreak: "break-all" }}>
        {summary.detail}
      </Text>
    </Alert>
  );
}

function AuditTable({ records }: { records: AuditRecordView[] }) {
  const now = Date.now();
  if (records.length === 0)
    return (
      <Text size="sm" c="dimmed" py="md">
        No records yet: every apply, delete and token change will appear here.
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={860} type="native">
      <Table
        verticalSpacing={4}
        horizontalSpacing="sm"
        fz="sm"
        highlightOnHover
        withTableBorder
        aria-label="Audit records"
      >
        <Table.Thead>
          <Table.Tr>
            {["#", "Time", "Who", "Action", "Object", "Version", "From"].map((heading) => (
              <Table.Th key={heading} fz="xs" fw={600} c="dimmed">
                {heading}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {records.map((record) => (
            <Table.Tr key={record.seq} data-testid="audit-row">
              <Table.Td w={64} ff="monospace" fz="xs" title={record.hash}>
                {record.seq}
              </Table.Td>
              <Table.Td w={150} style={{ whiteSpace: "nowrap" }} title={new Date(record.at).toISOString()}>
                {formatTime(record.at, now)}
              </Table.Td>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <Text size="sm">{record.actorName}</Text>
                  {record.actorRole && (
                    <Badge size="xs" variant="default">
                      {record.actorRole}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td ff="monospace" fz="xs">
                {record.action}
              </Table.Td>
              <Table.Td>{describeObject(record) || "—"}</Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{describeVersions(record) || "—"}</Table.Td>
              <Table.Td ff="monospace" fz="xs" c="dimmed">
                {record.actorAddress ?? "—"}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
