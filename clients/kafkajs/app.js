// A correct team program (tutorial steps 1-3) with kafkajs: consume
// new_users in the team's group from the earliest offset, skip values that
// are not users, send one action per user matching the team's rule, and
// commit only after the actions are delivered (at-least-once).
//
// Settings come from kafkacheck run's environment (BOOTSTRAP_SERVERS,
// SECURITY_PROTOCOL, SASL_MECHANISM, SASL_USERNAME, SASL_PASSWORD,
// TEAM_NAME); with SECURITY_PROTOCOL=PLAINTEXT no SASL is configured.
// `node app.js --version` prints the client's version for the matrix.
'use strict'

const { Kafka, logLevel } = require('kafkajs')

if (process.argv[2] === '--version') {
  console.log('kafkajs ' + require('kafkajs/package.json').version)
  process.exit(0)
}

const FINANCIAL = ['bank', 'financ', 'insur', 'invest', 'account', 'capital']
const TECH = ['computer', 'internet', 'semiconductor', 'telecom', 'wireless']
const HEALTH = ['health', 'hospital', 'medical', 'pharma', 'biotech', 'veterinary']
const any = (s, words) => words.some((w) => s.includes(w))

// team -> [matches(user), type, reason], the table of TUTORIAL.md.
const RULES = {
  'team-1': [(u) => u.email.toLowerCase().includes('hotmail'), 'CONTACT_CUSTOMER', 'LEGACY_EMAIL_PROVIDER'],
  'team-2': [(u) => u.credit_card_number.startsWith('37'), 'CREDIT_CARD_VERIFICATION', 'AMEX_CARD'],
  'team-3': [(u) => any(u.industry.toLowerCase(), FINANCIAL), 'SALES_LEAD', 'FINANCIAL_SECTOR'],
  'team-4': [(u) => any(u.industry.toLowerCase(), TECH), 'ACQUISITION_TARGET', 'TECH_COMPANY'],
  'team-5': [(u) => any(u.industry.toLowerCase(), HEALTH), 'CONTACT_CUSTOMER', 'HEALTHCARE_COMPLIANCE'],
  'team-6': [(u) => u.profession.toLowerCase() === 'engineer', 'HIRE_CUSTOMER', 'IS_ENGINEER'],
  'team-7': [(u) => u.premium && u.credit > 10, 'CONTACT_CUSTOMER', 'VIP_USER'],
  'team-8': [(u) => u.credit < -15, 'CONTACT_CUSTOMER', 'CRITICAL_DEBT'],
  'team-9': [(u) => u.time_zone.startsWith('Asia/'), 'CONTACT_CUSTOMER', 'APAC_EXPANSION'],
  'team-10': [(u) => any(u.user_agent, ['MSIE', 'Trident']), 'CONTACT_CUSTOMER', 'LEGACY_BROWSER'],
  'team-11': [(u) => u.time_zone.startsWith('Europe/'), 'TRIGGER_GDPR_COMPLIANCE', 'IN_EUROPE'],
  'team-12': [(u) => ['it', 'technology'].includes(u.field.toLowerCase()), 'HIRE_CUSTOMER', 'TECH_PROFESSIONAL'],
  'team-13': [(u) => u.avatar.includes('example.org') || !u.avatar.startsWith('https://'),
    'CONTACT_CUSTOMER', 'INVALID_AVATAR'],
  'team-14': [(u) => u.name === 'John Doe', 'BAN_CUSTOMER', 'SUSPICIOUS_NAME'],
  'team-15': [(u) => u.pack === 'free', 'CONTACT_CUSTOMER', 'UPGRADE_FREE']
}

const STRING_FIELDS = ['email', 'credit_card_number', 'company_name', 'company_slogan', 'industry',
  'user_name', 'avatar', 'name', 'profession', 'field', 'time_zone', 'user_agent', 'pack']

// ignoreBOM keeps a byte-order mark in the text, so JSON.parse refuses it
// as the simulator's serde does; fatal refuses bytes that are not UTF-8.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

// wellFormed reports whether s has no lone surrogate (String.isWellFormed
// is Node 20+; Debian 12's Node is 18).
const wellFormed = String.prototype.isWellFormed
  ? (s) => s.isWellFormed()
  : (s) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s)

// parseUser returns the user in value (a Buffer), or null. JSON.parse is
// laxer than serde in two ways this cannot see: a duplicate key keeps the
// last value, and a credit written -18.0 reads as the integer -18.
function parseUser (value) {
  let user
  try {
    user = JSON.parse(utf8.decode(value || Buffer.alloc(0)))
  } catch (e) {
    return null
  }
  if (user === null || typeof user !== 'object' || Array.isArray(user)) return null
  for (const f of STRING_FIELDS) {
    // a lone surrogate escape is not a string to serde
    if (typeof user[f] !== 'string' || !wellFormed(user[f])) return null
  }
  if (typeof user.premium !== 'boolean') return null
  if (!Number.isInteger(user.credit) || user.credit < -(2 ** 31) || user.credit >= 2 ** 31) return null
  return user
}

const team = process.env.TEAM_NAME
if (!RULES[team]) {
  console.error(`TEAM_NAME must be team-1 … team-15, got ${JSON.stringify(team)}`)
  process.exit(2)
}
const [matches, type, reason] = RULES[team]
const protocol = process.env.SECURITY_PROTOCOL || 'SASL_PLAINTEXT'
const kafka = new Kafka({
  clientId: team,
  brokers: process.env.BOOTSTRAP_SERVERS.split(','),
  logLevel: logLevel.WARN,
  sasl: protocol.startsWith('SASL')
    ? {
        mechanism: (process.env.SASL_MECHANISM || 'PLAIN').toLowerCase(),
        username: process.env.SASL_USERNAME,
        password: process.env.SASL_PASSWORD
      }
    : undefined
})
// A fetch waits up to maxWaitTimeInMs for new users, and disconnect waits
// for the fetch: 1 s instead of kafkajs's 5 s lets Ctrl-C stop the program
// within kafkacheck run's 3 s grace period.
const consumer = kafka.consumer({ groupId: team, maxWaitTimeInMs: 1000 })
const producer = kafka.producer()

async function main () {
  await producer.connect()
  await consumer.connect()
  await consumer.subscribe({ topic: 'new_users', fromBeginning: true })
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      const actions = []
      for (const message of batch.messages) {
        const user = parseUser(message.value)
        if (user && matches(user)) {
          actions.push({ value: JSON.stringify({ customer: user.email, type, reason, team }) })
        }
      }
      if (actions.length > 0) {
        await producer.send({ topic: 'actions', acks: -1, messages: actions })
      }
      // Only now: the batch's actions are delivered.
      const last = batch.messages[batch.messages.length - 1]
      await consumer.commitOffsets([{
        topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString()
      }])
      console.log(`processed ${batch.messages.length} values, sent ${actions.length} actions`)
    }
  })
}

// kafkacheck run stops the program with SIGINT: leave the group cleanly.
let stopping = false
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    if (stopping) return
    stopping = true
    await consumer.disconnect()
    await producer.disconnect()
    process.exit(0)
  })
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
